package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers a question about a name inside the zone (RFC 1034 4.3.2, minus delegation): a geo
 * service name gets the edges its policy chooses, whoami describes the client, other names get their
 * static records; CNAMEs inside the zone are followed; NXDOMAIN and NODATA carry the SOA with the
 * negative TTL (RFC 2308).
 */
final class ZoneAnswerer {
  /** Longer chains are almost surely loops; a real resolver gives up too. */
  private static final int MAX_CNAME_HOPS = 8;
  /** whoami reports the plain nearest edge, whatever the service policies. */
  private final EdgeChooser nearest = new NearestEdges(1);

  private final GeoZone zone;
  private final List<EdgeSite> ipv4Edges;
  private final List<EdgeSite> ipv6Edges;
  private final long ttl;
  private final Map<Name, EdgeChooser> choosers;

  /** An answerer whose service names choose edges with {@code choosers}, one per service name. */
  ZoneAnswerer(GeoZone zone, List<EdgeSite> edges, long ttl, Map<Name, EdgeChooser> choosers) {
    this.zone = requireNonNull(zone, "zone");
    this.ipv4Edges = edges.stream().filter(e -> e.address() instanceof Inet4Address).toList();
    this.ipv6Edges = edges.stream().filter(e -> e.address() instanceof Inet6Address).toList();
    this.ttl = ttl;
    this.choosers = Map.copyOf(choosers);
    if (!this.choosers.keySet().equals(zone.services())) {
      throw new IllegalArgumentException("one chooser per service name: " + zone.services());
    }
  }

  /**
   * Wires the policy of each service name of {@code config}; {@code overCapacity} feeds the
   * capacity-aware policy and {@code random} the weighted one.
   */
  static ZoneAnswerer forConfig(GeoDnsConfig config, GeoZone zone,
                                Predicate<EdgeSite> overCapacity,
                                Supplier<RandomGenerator> random) {
    Map<Name, EdgeChooser> choosers = new HashMap<>();
    config.servicePolicies().forEach((name, policy) -> choosers.put(
        Name.fromConstantString(name), EdgeChooser.forPolicy(policy, overCapacity, random)));
    return new ZoneAnswerer(zone, config.edges(), config.ttlSeconds(), choosers);
  }

  /** Answers {@code qname}/{@code qtype}, which must be inside the zone. */
  ZoneAnswer answer(Name qname, int qtype, ClientLocation client, Predicate<EdgeSite> healthy) {
    List<Record> chain = new ArrayList<>();
    Name name = qname;
    for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      if (qtype != Type.CNAME && qtype != Type.ANY) {
        CNAMERecord cname = cname(name);
        if (cname != null) {
          chain.add(cname);
          if (!zone.contains(cname.getTarget())) {
            return ZoneAnswer.positive(chain, List.of(), EdgeChoice.NONE);
          }
          name = cname.getTarget();
          continue;
        }
      }
      return answerAt(name, qtype, client, healthy, chain);
    }
    return ZoneAnswer.positive(chain, List.of(), EdgeChoice.NONE);
  }

  private ZoneAnswer answerAt(Name name, int qtype, ClientLocation client,
                              Predicate<EdgeSite> healthy, List<Record> chain) {
    if (!zone.exists(name)) {
      return negative(Rcode.NXDOMAIN, chain);
    }
    List<Record> answer = new ArrayList<>(chain);
    EdgeChoice choice = EdgeChoice.NONE;
    if (zone.isService(name) && isAddressQuestion(qtype)) {
      choice = choose(name, qtype, client, healthy);
      choice.edges().forEach(e -> answer.add(addressRecord(name, e)));
    } else if (zone.isWhoami(name) && (qtype == Type.TXT || qtype == Type.ANY)) {
      choice = nearest.choose(client.location(),
          ipv4Edges.isEmpty() ? ipv6Edges : ipv4Edges, healthy);
      answer.add(new TXTRecord(name, DClass.IN, 0, Whoami.describe(client, choice)));
    } else {
      answer.addAll(staticRecords(name, qtype));
    }
    if (answer.size() == chain.size()) {
      return negative(Rcode.NOERROR, chain);
    }
    return ZoneAnswer.positive(answer, glue(answer), choice);
  }

  /** True for the question types the service name answers with edges. */
  static boolean isAddressQuestion(int qtype) {
    return qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY;
  }

  /**
   * The edges the service name answers {@code qtype} with for {@code client}: IPv4 edges for A,
   * IPv6 edges for AAAA; for ANY (RFC 8482: one RRset) the A set, or AAAA if there is none.
   */
  EdgeChoice choose(Name service, int qtype, ClientLocation client,
                    Predicate<EdgeSite> healthy) {
    boolean v6 = qtype == Type.AAAA || (qtype == Type.ANY && ipv4Edges.isEmpty());
    return choosers.get(service).choose(client.location(), v6 ? ipv6Edges : ipv4Edges, healthy);
  }

  private List<Record> staticRecords(Name name, int qtype) {
    List<Record> all = zone.records(name);
    if (qtype != Type.ANY) {
      return all.stream().filter(r -> r.getType() == qtype).toList();
    }
    if (all.isEmpty()) {
      return List.of();
    }
    int firstType = all.get(0).getType(); // RFC 8482: one RRset is a complete ANY answer
    return all.stream().filter(r -> r.getType() == firstType).toList();
  }

  /** Addresses of in-zone name servers named in the answer, so resolvers need not ask again. */
  private List<Record> glue(List<Record> answer) {
    List<Record> glue = new ArrayList<>();
    for (Record r : answer) {
      if (r instanceof NSRecord ns && zone.contains(ns.getTarget())) {
        zone.records(ns.getTarget()).stream()
            .filter(g -> g.getType() == Type.A || g.getType() == Type.AAAA)
            .forEach(glue::add);
      }
    }
    return glue;
  }

  private CNAMERecord cname(Name name) {
    for (Record r : zone.records(name)) {
      if (r instanceof CNAMERecord c) {
        return c;
      }
    }
    return null;
  }

  private ZoneAnswer negative(int rcode, List<Record> chain) {
    SOARecord soa = zone.soa();
    long negativeTtl = zone.negativeTtl();
    // RFC 2308 section 3: the SOA in a negative answer carries the negative TTL.
    Record authority = new SOARecord(soa.getName(), DClass.IN, negativeTtl, soa.getHost(),
        soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
        soa.getMinimum());
    return new ZoneAnswer(rcode, chain, List.of(authority), List.of(), EdgeChoice.NONE);
  }

  private Record addressRecord(Name owner, EdgeSite edge) {
    return edge.address() instanceof Inet4Address
        ? new ARecord(owner, DClass.IN, ttl, edge.address())
        : new AAAARecord(owner, DClass.IN, ttl, edge.address());
  }
}
