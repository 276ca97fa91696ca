package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Everything a {@link GeoDnsServer} needs: where to listen, the zone it is authoritative for, the
 * geo-balanced service name, the edges and the geo map.
 *
 * <p>{@code zone} and {@code serviceName} are absolute names ("cdn.test."); the service name must
 * be inside the zone. A client address matched by no {@link GeoBlock} is placed at
 * {@code defaultLocation}.
 */
public record GeoDnsConfig(InetSocketAddress listen, String zone, String serviceName,
                           long ttlSeconds, List<EdgeSite> edges, List<GeoBlock> geoMap,
                           GeoPoint defaultLocation, HealthCheckConfig health,
                           GeoDnsOptions options) {
  public GeoDnsConfig {
    requireNonNull(listen, "listen");
    requireNonNull(zone, "zone");
    requireNonNull(serviceName, "serviceName");
    requireNonNull(defaultLocation, "defaultLocation");
    requireNonNull(health, "health");
    requireNonNull(options, "options");
    edges = List.copyOf(edges);
    geoMap = List.copyOf(geoMap);
    if (edges.isEmpty()) {
      throw new IllegalArgumentException("edges must not be empty");
    }
    if (ttlSeconds < 0 || ttlSeconds > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ttlSeconds must be between 0 and 2^31-1: " + ttlSeconds);
    }
    Name zoneName = absolute("zone", zone);
    if (!absolute("serviceName", serviceName).subdomain(zoneName)) {
      throw new IllegalArgumentException("serviceName " + serviceName + " is not in zone " + zone);
    }
    for (String name : options.policies().keySet()) {
      if (!absolute("policy name", name).subdomain(zoneName)) {
        throw new IllegalArgumentException("service name " + name + " is not in zone " + zone);
      }
    }
    Set<String> seen = new HashSet<>();
    for (EdgeSite edge : edges) {
      String key = edge.id() + "/" + edge.address().getClass().getSimpleName();
      if (!seen.add(key)) {
        throw new IllegalArgumentException("edge " + edge.id() + " has two addresses of one family");
      }
    }
  }

  /** The canonical form without options: {@link GeoDnsOptions#DEFAULT}. */
  public GeoDnsConfig(InetSocketAddress listen, String zone, String serviceName, long ttlSeconds,
                      List<EdgeSite> edges, List<GeoBlock> geoMap, GeoPoint defaultLocation,
                      HealthCheckConfig health) {
    this(listen, zone, serviceName, ttlSeconds, edges, geoMap, defaultLocation, health,
        GeoDnsOptions.DEFAULT);
  }

  /** Returns this config with other options. */
  public GeoDnsConfig withOptions(GeoDnsOptions options) {
    return new GeoDnsConfig(listen, zone, serviceName, ttlSeconds, edges, geoMap, defaultLocation,
        health, options);
  }

  /** Returns this config with {@code policy} for {@code serviceName} (absolute, in the zone). */
  public GeoDnsConfig withPolicy(String serviceName, EdgePolicy policy) {
    return withOptions(options.withPolicy(serviceName, policy));
  }

  /** Every service name (lower case) with its policy: the config's name first. */
  public Map<String, EdgePolicy> servicePolicies() {
    Map<String, EdgePolicy> all = new LinkedHashMap<>();
    String main = serviceName.toLowerCase(Locale.ROOT);
    all.put(main, options.policies().getOrDefault(main, EdgePolicy.nearest()));
    options.policies().forEach(all::putIfAbsent);
    return Collections.unmodifiableMap(all);
  }

  /** Returns this config with extra static records from an RFC 1035 master file. */
  public GeoDnsConfig withZoneFile(Path zoneFile) {
    return withOptions(options.withZoneFile(zoneFile));
  }

  private static Name absolute(String what, String name) {
    try {
      Name parsed = Name.fromString(name);
      if (!parsed.isAbsolute()) {
        throw new IllegalArgumentException(what + " must be absolute (end with a dot): " + name);
      }
      return parsed;
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + " is not a domain name: " + name, e);
    }
  }
}
