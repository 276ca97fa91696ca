package dev.cdnsim.geodns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The static content of the zone: SOA and NS at the apex (generated, or from the zone file), glue,
 * and any records of the zone file; plus the synthesized names: the geo services and whoami.
 * Immutable; lookups are case-insensitive as dnsjava's {@link Name#equals} is.
 */
final class GeoZone {
  private final Name apex;
  private final Set<Name> services;
  private final Name whoami;
  private final SOARecord soa;
  private final Map<Name, List<Record>> byOwner;
  private final Set<Name> existing;

  private GeoZone(Name apex, Set<Name> services, List<Record> records) {
    this.apex = apex;
    this.services = Set.copyOf(services);
    this.whoami = child("whoami", apex);
    Map<Name, List<Record>> owners = new HashMap<>();
    for (Record r : records) {
      owners.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
    }
    owners.replaceAll((n, list) -> List.copyOf(list));
    this.byOwner = Map.copyOf(owners);
    this.soa = (SOARecord) records.stream().filter(r -> r.getType() == Type.SOA).findFirst()
        .orElseThrow();
    Set<Name> names = new HashSet<>();
    for (Name owner : byOwner.keySet()) {
      addWithAncestors(owner, names);
    }
    services.forEach(s -> addWithAncestors(s, names));
    addWithAncestors(whoami, names);
    this.existing = Set.copyOf(names);
  }

  /**
   * Builds the zone for {@code config}; the SOA serial is {@code serial}. Zone-file records must
   * be inside the zone; an SOA or NS set at the apex in the file replaces the generated one.
   */
  static GeoZone of(GeoDnsConfig config, long serial) throws IOException {
    Name apex = Name.fromString(config.zone());
    Set<Name> services = new HashSet<>();
    for (String name : config.servicePolicies().keySet()) {
      services.add(Name.fromString(name));
    }
    List<Record> fileRecords = config.options().zoneFile() == null
        ? List.of() : read(config.options().zoneFile(), apex);
    boolean fileSoa = fileRecords.stream().anyMatch(r -> r.getType() == Type.SOA);
    boolean fileNs = fileRecords.stream()
        .anyMatch(r -> r.getType() == Type.NS && r.getName().equals(apex));
    List<Record> records = new ArrayList<>(fileRecords);
    long ttl = config.ttlSeconds();
    Name ns1 = child("ns1", apex);
    if (!fileSoa) {
      records.add(new SOARecord(apex, DClass.IN, ttl, ns1, child("hostmaster", apex), serial,
          3600, 600, 604800, ttl));
    }
    if (!fileNs) {
      records.add(new NSRecord(apex, DClass.IN, ttl, ns1));
      InetAddress listen = config.listen().getAddress();
      if (listen instanceof Inet4Address && !listen.isAnyLocalAddress()) {
        records.add(new ARecord(ns1, DClass.IN, ttl, listen));
      }
    }
    return new GeoZone(apex, services, records);
  }

  private static List<Record> read(Path file, Name apex) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(file.toString(), apex)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (!r.getName().subdomain(apex)) {
          throw new IOException(file + ": " + r.getName() + " is outside zone " + apex);
        }
        if (r.getType() == Type.SOA && !r.getName().equals(apex)) {
          throw new IOException(file + ": SOA must be at the apex " + apex);
        }
        records.add(r);
      }
    }
    return records;
  }

  Name apex() {
    return apex;
  }

  /** The geo-balanced names (the config's service name and any with their own policy). */
  Set<Name> services() {
    return services;
  }

  Name whoami() {
    return whoami;
  }

  SOARecord soa() {
    return soa;
  }

  /** RFC 2308 section 5: negative answers live min(SOA TTL, SOA MINIMUM) seconds. */
  long negativeTtl() {
    return Math.min(soa.getTTL(), soa.getMinimum());
  }

  boolean contains(Name name) {
    return name.subdomain(apex);
  }

  boolean isService(Name name) {
    return services.contains(name);
  }

  boolean isWhoami(Name name) {
    return name.equals(whoami);
  }

  /** True if the name owns records or has descendants (an empty non-terminal, RFC 8020). */
  boolean exists(Name name) {
    return existing.contains(name);
  }

  /** The static records owned by {@code name} (any type), possibly none. */
  List<Record> records(Name name) {
    return byOwner.getOrDefault(name, List.of());
  }

  private void addWithAncestors(Name name, Set<Name> into) {
    for (Name n = name; n.subdomain(apex) && into.add(n) && !n.equals(apex);
         n = new Name(n, 1)) {
      // walk up until the apex or an ancestor already recorded
    }
  }

  private static Name child(String label, Name parent) {
    try {
      return Name.concatenate(Name.fromString(label), parent);
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("cannot make " + label + "." + parent, e);
    }
  }
}
