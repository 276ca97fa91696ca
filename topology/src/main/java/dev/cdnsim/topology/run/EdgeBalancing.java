package dev.cdnsim.topology.run;

import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.HealthConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.RetryConfig;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.topology.config.TopologyPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a topology's balancing section into an edge's pools and routes: one pool of every origin replica per
 * route, named after the route ({@code /api/} → pool {@code api}, {@code /} → pool {@code default}), each with
 * the route's algorithm, affinity and Host (if it sets one) and the topology's active health check.
 */
final class EdgeBalancing {
  private EdgeBalancing() {}

  /**
   * The balancer of an edge in front of {@code replicas}; {@code cookieSecret} keys the route cookies, so that
   * they cannot be forged and do not reveal which replica they name.
   */
  static BalancerConfig config(TopologyPlan.Balancing balancing, List<Replica> replicas, Duration timeout,
                               String cookieSecret) {
    List<PoolConfig> pools = new ArrayList<>();
    List<RouteConfig> routes = new ArrayList<>();
    for (TopologyPlan.Route route : balancing.routes()) {
      String name = poolName(route.pathPrefix());
      PoolConfig pool = PoolConfig.of(name, replicas, timeout).withAlgorithm(route.algorithm())
          .withHealth(HealthConfig.defaults().withActive(balancing.health()))
          .withAffinity(AffinityConfig.of(route.affinity(), cookieSecret))
          // A reserve of 100 retries covers every request in flight when a replica dies under full traffic.
          .withRetry(new RetryConfig(1, 0.2, 100));
      pools.add(route.host().map(pool::withHost).orElse(pool));
      routes.add(route.cache() ? RouteConfig.cache(route.pathPrefix(), name) : RouteConfig.pass(route.pathPrefix(), name));
    }
    return new BalancerConfig(pools, routes);
  }

  static String poolName(String pathPrefix) {
    String name = pathPrefix.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    return name.isEmpty() ? "default" : name;
  }
}
