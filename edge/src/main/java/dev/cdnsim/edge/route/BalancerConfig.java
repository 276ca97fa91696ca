package dev.cdnsim.edge.route;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The edge's pools of origin replicas and the routes to them. A request no route matches goes to the
 * first pool, cached.
 *
 * @param pools  at least one, names unique
 * @param routes in any order (matching picks the most specific); each names one of {@code pools}
 */
public record BalancerConfig(List<PoolConfig> pools, List<RouteConfig> routes) {
  public BalancerConfig {
    pools = List.copyOf(requireNonNull(pools, "pools"));
    routes = List.copyOf(requireNonNull(routes, "routes"));
    List<String> problems = new ArrayList<>();
    if (pools.isEmpty()) problems.add("at least one pool is needed");
    Set<String> names = new HashSet<>();
    for (PoolConfig p : pools) if (!names.add(p.name())) problems.add("pool " + p.name() + " is defined twice");
    for (RouteConfig r : routes) {
      if (!names.contains(r.pool())) problems.add("route " + r.host() + r.pathPrefix() + " names unknown pool " + r.pool());
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
  }

  /** One pool "origin" of {@code origins} (round-robin, default health and retries), everything cached: the edge's default. */
  public static BalancerConfig single(List<URI> origins, Duration timeout) {
    List<Replica> replicas = origins.stream().map(Replica::new).toList();
    return new BalancerConfig(List.of(PoolConfig.of("origin", replicas, timeout)), List.of(RouteConfig.cache("/", "origin")));
  }

  /** Whether some route passes requests through (else the route step can be left out of the request path). */
  public boolean hasPassRoutes() {
    return routes.stream().anyMatch(r -> r.mode() == RouteConfig.Mode.PASS);
  }
}
