package dev.cdnsim.topology.config;

import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.geodns.HealthCheckConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks one {@link TopologyFile} and converts it, recording problems rather than stopping at the first. */
record PlanBuilder(Problems problems) {

  TopologyPlan build(String name, TopologyFile f) {
    List<TopologyPlan.Origin> origins = origins(f.origins());
    List<TopologyPlan.Edge> edges = edges(f.edges());
    List<TopologyPlan.Region> regions = regions(f.regions());
    GeoPoint fallback = origins.isEmpty() ? new GeoPoint(0, 0) : origins.get(0).location();
    TopologyPlan.Dns dns = dns(f.dns(), fallback);
    CatalogSection.Catalog catalog = new CatalogSection(problems).build(f.catalog());
    TopologyPlan.Traffic traffic = traffic(f.traffic());
    TopologyPlan.Balancing balancing = new BalancingSection(problems).build(f.balancing());
    if (!problems.isEmpty()) return null;
    return new TopologyPlan(name, dns, origins, edges, regions, catalog.config(), catalog.shares(),
        catalog.zipfAlpha(), traffic, balancing);
  }

  private TopologyPlan.Dns dns(TopologyFile.Dns d, GeoPoint fallback) {
    if (d == null) {
      problems.add("$.dns", "is required");
      return null;
    }
    var listen = problems.required("$.dns.listen", d.listen()).flatMap(t -> problems.convert("$.dns.listen", t, Problems::socketAddress));
    String zone = problems.required("$.dns.zone", d.zone()).map(z -> absolute(z.toLowerCase(Locale.ROOT))).orElse("invalid.");
    String name = problems.required("$.dns.name", d.name()).map(n -> n.toLowerCase(Locale.ROOT)).orElse("www");
    String service = name.endsWith(".") ? name : name + "." + zone;
    if (!service.equals(zone) && !service.endsWith("." + zone)) problems.add("$.dns.name", "must lie inside the zone " + zone);
    long ttl = (long) problems.between("$.dns.ttl", d.ttl() == null ? null : d.ttl().doubleValue(), 0, 86_400, 30);
    GeoPoint defaultLocation = d.defaultLocation() == null ? fallback : location("$.dns.defaultLocation", d.defaultLocation());
    HealthCheckConfig health = health(d.health());
    return new TopologyPlan.Dns(listen.orElse(null), zone, service, ttl, defaultLocation, health);
  }

  private HealthCheckConfig health(TopologyFile.Health h) {
    HealthCheckConfig base = HealthCheckConfig.DEFAULT;
    if (h == null) return base;
    var interval = h.interval() == null ? base.interval()
        : problems.convert("$.dns.health.interval", h.interval(), DurationText::parse).orElse(base.interval());
    var timeout = h.timeout() == null ? base.timeout()
        : problems.convert("$.dns.health.timeout", h.timeout(), DurationText::parse).orElse(base.timeout());
    int rise = (int) problems.between("$.dns.health.rise", h.rise() == null ? null : h.rise().doubleValue(), 1, 100, base.rise());
    int fall = (int) problems.between("$.dns.health.fall", h.fall() == null ? null : h.fall().doubleValue(), 1, 100, base.fall());
    return new HealthCheckConfig(interval, timeout, rise, fall);
  }

  private List<TopologyPlan.Origin> origins(List<TopologyFile.Origin> list) {
    List<TopologyPlan.Origin> out = new ArrayList<>();
    if (list == null || list.isEmpty()) {
      problems.add("$.origins", "needs at least one origin replica");
      return out;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "$.origins[" + i + "]";
      TopologyFile.Origin o = list.get(i);
      if (o == null) {
        problems.add(at, "must be an object");
        continue;
      }
      String id = id(at, o.id(), ids);
      var listen = problems.required(at + ".listen", o.listen()).flatMap(t -> problems.convert(at + ".listen", t, Problems::socketAddress));
      GeoPoint location = location(at + ".location", o.location());
      listen.ifPresent(l -> out.add(new TopologyPlan.Origin(id, l, location)));
    }
    return out;
  }

  private List<TopologyPlan.Edge> edges(List<TopologyFile.Edge> list) {
    List<TopologyPlan.Edge> out = new ArrayList<>();
    if (list == null || list.isEmpty()) {
      problems.add("$.edges", "needs at least one edge");
      return out;
    }
    Set<String> ids = new HashSet<>();
    Set<InetAddress> addresses = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "$.edges[" + i + "]";
      TopologyFile.Edge e = list.get(i);
      if (e == null) {
        problems.add(at, "must be an object");
        continue;
      }
      String id = id(at, e.id(), ids);
      var listen = problems.required(at + ".listen", e.listen()).flatMap(t -> problems.convert(at + ".listen", t, Problems::socketAddress));
      listen.filter(l -> !addresses.add(l.getAddress()))
          .ifPresent(l -> problems.add(at + ".listen", "another edge already has address " + l.getAddress().getHostAddress()
              + " (geo-dns answers with addresses, so each edge needs its own)"));
      GeoPoint location = location(at + ".location", e.location());
      long maxBytes = e.cache() == null || e.cache().maxBytes() == null ? 256L << 20
          : problems.convert(at + ".cache.maxBytes", e.cache().maxBytes(), DataSize::parse).orElse(0L);
      if (maxBytes < 0) problems.add(at + ".cache.maxBytes", "must not be negative");
      listen.ifPresent(l -> out.add(new TopologyPlan.Edge(id, l, location, maxBytes)));
    }
    return out;
  }

  private List<TopologyPlan.Region> regions(List<TopologyFile.Region> list) {
    List<TopologyPlan.Region> out = new ArrayList<>();
    if (list == null) return out;
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "$.regions[" + i + "]";
      TopologyFile.Region r = list.get(i);
      if (r == null) {
        problems.add(at, "must be an object");
        continue;
      }
      String id = id(at, r.id(), ids);
      var clients = problems.required(at + ".clients", r.clients()).flatMap(t -> problems.convert(at + ".clients", t, Cidr::parse));
      clients.filter(c -> !c.network().isLoopbackAddress())
          .ifPresent(c -> problems.add(at + ".clients", "must be a loopback block (inside 127.0.0.0/8) so that simulated"
              + " users can bind its addresses; public blocks belong in ecs, was " + c));
      List<Cidr> ecs = new ArrayList<>();
      List<String> written = r.ecs() == null ? List.of() : r.ecs();
      for (int j = 0; j < written.size(); j++) {
        String where = at + ".ecs[" + j + "]";
        problems.required(where, written.get(j)).flatMap(t -> problems.convert(where, t, Cidr::parse)).ifPresent(ecs::add);
      }
      GeoPoint location = location(at + ".location", r.location());
      double weight = problems.between(at + ".weight", r.weight(), 0, 1e6, 1);
      double rate = problems.between(at + ".requestsPerSecond", r.requestsPerSecond(), 0, 1e6, 0);
      clients.ifPresent(c -> out.add(new TopologyPlan.Region(id, c, ecs, location, weight, rate)));
    }
    return out;
  }

  private TopologyPlan.Traffic traffic(TopologyFile.Traffic t) {
    if (t == null) return new TopologyPlan.Traffic(4, 300, 1);
    int users = (int) problems.between("$.traffic.usersPerRegion", t.usersPerRegion() == null ? null
        : t.usersPerRegion().doubleValue(), 0, 1000, 4);
    double rate = problems.between("$.traffic.requestsPerSecond", t.requestsPerSecond(), 0, 1e6, 300);
    return new TopologyPlan.Traffic(users, rate, t.seed() == null ? 1 : t.seed());
  }

  private String id(String at, String id, Set<String> seen) {
    String value = problems.required(at + ".id", id).orElse("?");
    if (!value.equals("?") && !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      problems.add(at + ".id", "must be lower-case letters, digits and '-', was \"" + value + "\"");
    } else if (!value.equals("?") && !seen.add(value)) {
      problems.add(at + ".id", "\"" + value + "\" is used twice");
    }
    return value;
  }

  private GeoPoint location(String at, TopologyFile.Location l) {
    if (l == null) {
      problems.add(at, "is required (lat and lon)");
      return new GeoPoint(0, 0);
    }
    double lat = problems.required(at + ".lat", l.lat()).map(v -> problems.between(at + ".lat", v, -90, 90, 0)).orElse(0.0);
    double lon = problems.required(at + ".lon", l.lon()).map(v -> problems.between(at + ".lon", v, -180, 180, 0)).orElse(0.0);
    return new GeoPoint(Math.max(-90, Math.min(90, lat)), Math.max(-180, Math.min(180, lon)));
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
