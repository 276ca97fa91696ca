package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.route.BalancerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One edge: its name, where it listens (port 0 picks a free port), the origin replicas it forwards to,
 * how many bytes its cache holds, how long it waits for an origin, and its pools and routes. Finer
 * knobs are in {@link EdgeOptions}.
 *
 * @param origins  the replicas of the default pool (and every replica, in the 5-argument form)
 * @param balancer pools of replicas, each with its algorithm, health checks, affinity and retries, and
 *                 the routes (host, path prefix, cache or pass) to them
 */
public record EdgeConfig(String id, InetSocketAddress listen, List<URI> origins, long cacheMaxBytes, Duration originTimeout,
    BalancerConfig balancer) {
  /** One pool of {@code origins}, round-robin with nginx's passive checks and one retry, everything cached. */
  public EdgeConfig(String id, InetSocketAddress listen, List<URI> origins, long cacheMaxBytes, Duration originTimeout) {
    this(id, listen, origins, cacheMaxBytes, originTimeout, defaultBalancer(origins, originTimeout));
  }

  private static BalancerConfig defaultBalancer(List<URI> origins, Duration originTimeout) {
    requireNonNull(origins, "origins");
    requireNonNull(originTimeout, "originTimeout");
    if (origins.isEmpty()) throw new IllegalArgumentException("origins must not be empty");
    if (!originTimeout.isPositive()) throw new IllegalArgumentException("originTimeout must be positive, was " + originTimeout);
    return BalancerConfig.single(origins, originTimeout);
  }

  /** The same edge with {@code balancer}'s pools and routes. */
  public EdgeConfig withBalancer(BalancerConfig balancer) {
    return new EdgeConfig(id, listen, origins, cacheMaxBytes, originTimeout, balancer);
  }

  public EdgeConfig {
    requireNonNull(id, "id");
    requireNonNull(balancer, "balancer");
    requireNonNull(listen, "listen");
    requireNonNull(origins, "origins");
    requireNonNull(originTimeout, "originTimeout");
    origins = List.copyOf(origins);
    if (id.isBlank()) throw new IllegalArgumentException("id must not be blank");
    if (origins.isEmpty()) throw new IllegalArgumentException("origins must not be empty");
    if (cacheMaxBytes <= 0) throw new IllegalArgumentException("cacheMaxBytes must be positive, was " + cacheMaxBytes);
    if (!originTimeout.isPositive()) throw new IllegalArgumentException("originTimeout must be positive, was " + originTimeout);
  }
}
