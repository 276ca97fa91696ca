package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pool of origin replicas and how requests are spread over them.
 *
 * @param name      names the pool in routes, stats and error reasons
 * @param replicas  at least one; ids unique within the pool
 * @param algorithm how a replica is chosen among the eligible ones
 * @param health    passive and active checks, slow start, panic mode
 * @param affinity  session affinity (none, route cookie, source address)
 * @param retry     retries on another replica and their budget
 * @param timeouts  connect, first-byte and total limits of an attempt
 */
public record PoolConfig(String name, List<Replica> replicas, Algorithm algorithm, HealthConfig health,
    AffinityConfig affinity, RetryConfig retry, TimeoutConfig timeouts) {
  public PoolConfig {
    requireNonNull(name, "name");
    requireNonNull(algorithm, "algorithm");
    requireNonNull(health, "health");
    requireNonNull(affinity, "affinity");
    requireNonNull(retry, "retry");
    requireNonNull(timeouts, "timeouts");
    replicas = List.copyOf(replicas);
    if (name.isBlank()) throw new IllegalArgumentException("pool name must not be blank");
    if (replicas.isEmpty()) throw new IllegalArgumentException("pool " + name + " needs at least one replica");
    boolean hashing = algorithm == Algorithm.CONSISTENT_HASH || algorithm == Algorithm.IP_HASH;
    if (hashing && replicas.size() > MaglevHash.SIZE / 100) {
      throw new IllegalArgumentException("pool " + name + ": " + algorithm.configName() + " takes at most "
          + MaglevHash.SIZE / 100 + " replicas");
    }
    Set<String> ids = new HashSet<>();
    for (Replica r : replicas) {
      if (!ids.add(r.id())) throw new IllegalArgumentException("pool " + name + ": replica id " + r.id() + " is used twice");
    }
  }

  /** Round-robin over {@code replicas} with default health (nginx's passive checks) and retries, no affinity. */
  public static PoolConfig of(String name, List<Replica> replicas, Duration timeout) {
    return new PoolConfig(name, replicas, Algorithm.ROUND_ROBIN, HealthConfig.defaults(), AffinityConfig.none(),
        RetryConfig.defaults(), TimeoutConfig.of(timeout));
  }

  public PoolConfig withAlgorithm(Algorithm a) {
    return new PoolConfig(name, replicas, a, health, affinity, retry, timeouts);
  }

  public PoolConfig withHealth(HealthConfig h) {
    return new PoolConfig(name, replicas, algorithm, h, affinity, retry, timeouts);
  }

  public PoolConfig withAffinity(AffinityConfig a) {
    return new PoolConfig(name, replicas, algorithm, health, a, retry, timeouts);
  }

  public PoolConfig withRetry(RetryConfig r) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, r, timeouts);
  }

  public PoolConfig withTimeouts(TimeoutConfig t) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, retry, t);
  }
}
