package dev.cdnsim.edge.route;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.HealthChecker;
import dev.cdnsim.edge.balance.HttpProber;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.PoolStats;
import dev.cdnsim.edge.cache.CacheKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The edge's running pools, their health checkers and the routes to them: answers "which pool, and
 * cached or passed?" for a request, and closes the checkers on {@link #close()}.
 */
public final class Upstreams implements AutoCloseable {
  private final Routes routes;
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final List<HealthChecker> checkers = new ArrayList<>();

  /** A pool together with the route that led to it. */
  public record Routed(RouteConfig route, Pool pool) {}

  private Upstreams(BalancerConfig config, Clock clock, SplittableRandom random) {
    this.routes = Routes.of(config);
    for (PoolConfig p : config.pools()) pools.put(p.name(), Pool.create(p, clock, random.split()));
  }

  /**
   * Creates the pools of {@code config} and starts active checks where configured, HTTP ones asking {@code prober};
   * {@code owner} (the edge's id) names whose checks they are in the log.
   */
  public static Upstreams start(BalancerConfig config, Clock clock, SplittableRandom random, HttpProber prober,
      String owner) {
    requireNonNull(config, "config");
    requireNonNull(prober, "prober");
    Upstreams u = new Upstreams(config, requireNonNull(clock, "clock"), requireNonNull(random, "random"));
    for (Pool p : u.pools.values()) {
      if (p.config().health().active().isPresent()) u.checkers.add(HealthChecker.start(p, prober, owner));
    }
    return u;
  }

  /** The route and pool of a request for {@code key}: its host and path, as {@link RouteHandler} matched them. */
  public Routed route(CacheKey key) {
    RouteConfig route = routes.match(key.host(), key.pathAndQuery());
    return new Routed(route, pools.get(route.pool()));
  }

  /** The route and pool of a request for the absolute {@code url} (the cache key's URL). */
  public Routed route(String url) {
    RouteConfig route = routes.matchUrl(url);
    return new Routed(route, pools.get(route.pool()));
  }

  public Routes routes() {
    return routes;
  }

  /** Every pool, in configuration order. */
  public List<Pool> pools() {
    return List.copyOf(pools.values());
  }

  /** The pools' stats as a JSON array. */
  public String statsJson() {
    StringBuilder b = new StringBuilder("[");
    for (Pool p : pools.values()) {
      PoolStats s = p.stats();
      b.append(b.length() > 1 ? "," : "").append(s.toJson());
    }
    return b.append(']').toString();
  }

  /** Stops the health checkers. */
  @Override
  public void close() {
    checkers.forEach(HealthChecker::close);
    checkers.clear();
  }

  @Override
  public String toString() {
    return "Upstreams{" + pools.values() + ", " + routes + "}";
  }
}
