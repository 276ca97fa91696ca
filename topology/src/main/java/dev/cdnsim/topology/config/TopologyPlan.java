package dev.cdnsim.topology.config;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.geodns.HealthCheckConfig;
import dev.cdnsim.origin.CatalogConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated topology: every node with its address and location, the user regions, the catalog and the
 * simulated traffic. Built by {@link TopologyLoader}; turned into running nodes by the {@code Topology}.
 *
 * @param source      where it was read from, for messages
 * @param classShares each content class's share of the users' requests, in the catalog's order, summing to 1
 */
public record TopologyPlan(String source, Dns dns, List<Origin> origins, List<Edge> edges, List<Region> regions,
                           CatalogConfig catalog, List<Double> classShares, double zipfAlpha, Traffic traffic,
                           Balancing balancing) {

  public TopologyPlan {
    requireNonNull(source, "source");
    requireNonNull(dns, "dns");
    origins = List.copyOf(origins);
    edges = List.copyOf(edges);
    regions = List.copyOf(regions);
    requireNonNull(catalog, "catalog");
    classShares = List.copyOf(classShares);
    if (classShares.size() != catalog.classes().size()) {
      throw new IllegalArgumentException("one share per content class is needed");
    }
    requireNonNull(traffic, "traffic");
    requireNonNull(balancing, "balancing");
  }

  /** The edges' cache sizes added up (all edges run in one JVM). */
  public long cacheBytes() {
    return edges.stream().mapToLong(Edge::cacheMaxBytes).sum();
  }

  /** The geo-DNS: where it listens, its zone and service name (both absolute), answer TTL, health checks. */
  public record Dns(InetSocketAddress listen, String zone, String serviceName, long ttlSeconds, GeoPoint defaultLocation,
                    HealthCheckConfig health) {}

  public record Origin(String id, InetSocketAddress listen, GeoPoint location) {}

  public record Edge(String id, InetSocketAddress listen, GeoPoint location, long cacheMaxBytes) {}

  /**
   * Users of one region: their source block, the public blocks that place an ECS query here, and their traffic:
   * {@code requestsPerSecond} of their own, or (when 0) a share of the topology's rate by {@code weight}.
   */
  public record Region(String id, Cidr clients, List<Cidr> ecs, GeoPoint location, double weight,
                       double requestsPerSecond) {
    public Region {
      ecs = List.copyOf(ecs);
    }
  }

  /**
   * How every edge spreads its origin fetches: one pool of all origin replicas per route, each with its own
   * algorithm and affinity, and the active health check the pools run against the replicas.
   */
  public record Balancing(List<Route> routes, ActiveCheckConfig health) {
    public Balancing {
      routes = List.copyOf(routes);
    }
  }

  /**
   * Requests whose path starts with {@code pathPrefix} are cached (or passed through) via their own pool;
   * {@code host}, when present, is the Host the pool's passed requests and cache fills carry to the replicas.
   */
  public record Route(String pathPrefix, boolean cache, Algorithm algorithm, AffinityConfig.Mode affinity,
      Optional<String> host) {
    public Route {
      java.util.Objects.requireNonNull(host, "host");
    }
  }

  /** Simulated users: how many per region, requests per second for the whole topology, and the seed. */
  public record Traffic(int usersPerRegion, double requestsPerSecond, long seed) {}

  /** The edge nearest to {@code location} by great circle: where a healthy geo-DNS sends a user there. */
  public Edge nearestEdge(GeoPoint location) {
    return edges.stream().min(java.util.Comparator.comparingDouble(e -> e.location().distanceKm(location))).orElseThrow();
  }

  /** The same topology with every port set to 0, so a test gets free ports on the same addresses. */
  public TopologyPlan withEphemeralPorts() {
    Function<InetSocketAddress, InetSocketAddress> any = a -> new InetSocketAddress(a.getAddress(), 0);
    return new TopologyPlan(source,
        new Dns(any.apply(dns.listen()), dns.zone(), dns.serviceName(), dns.ttlSeconds(), dns.defaultLocation(), dns.health()),
        origins.stream().map(o -> new Origin(o.id(), any.apply(o.listen()), o.location())).toList(),
        edges.stream().map(e -> new Edge(e.id(), any.apply(e.listen()), e.location(), e.cacheMaxBytes())).toList(),
        regions, catalog, classShares, zipfAlpha, traffic, balancing);
  }

  /** The same topology with other traffic settings. */
  public TopologyPlan withTraffic(Traffic other) {
    return new TopologyPlan(source, dns, origins, edges, regions, catalog, classShares, zipfAlpha, other, balancing);
  }

  /** The same topology with other edges (e.g. other cache sizes). */
  public TopologyPlan withEdges(List<Edge> other) {
    return new TopologyPlan(source, dns, origins, other, regions, catalog, classShares, zipfAlpha, traffic, balancing);
  }

  /** The same topology with another catalog; {@code shares} gives each of its classes' share of requests. */
  public TopologyPlan withCatalog(CatalogConfig other, List<Double> shares) {
    return new TopologyPlan(source, dns, origins, edges, regions, other, shares, zipfAlpha, traffic, balancing);
  }

  /** The same topology with other routes and health checks for the edges' pools. */
  public TopologyPlan withBalancing(Balancing other) {
    return new TopologyPlan(source, dns, origins, edges, regions, catalog, classShares, zipfAlpha, traffic, other);
  }

  /** The same topology with another geo-DNS section. */
  public TopologyPlan withDns(Dns other) {
    return new TopologyPlan(source, other, origins, edges, regions, catalog, classShares, zipfAlpha, traffic, balancing);
  }
}
