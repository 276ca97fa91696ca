package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.tls.OriginTlsConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * @param tls       how to speak HTTPS to the {@code https://} replicas (CA file, client certificate); empty: the
 *                  JDK's trusted CAs and no client certificate. Plain {@code http://} replicas ignore it
 * @param host      the {@code Host} passed requests and cache fills carry to the replicas (nginx's
 *                  {@code proxy_set_header Host}); empty: the client's own {@code Host}, as HAProxy does
 */
public record PoolConfig(String name, List<Replica> replicas, Algorithm algorithm, HealthConfig health,
    AffinityConfig affinity, RetryConfig retry, TimeoutConfig timeouts, Optional<OriginTlsConfig> tls,
    Optional<String> host) {
  public PoolConfig {
    requireNonNull(tls, "tls");
    requireNonNull(host, "host");
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
    if (host.isPresent() && !validHost(host.get())) {
      throw new IllegalArgumentException("pool " + name + ": host must be a host name or address with an optional"
          + " port, was \"" + host.get() + "\"");
    }
    Set<String> ids = new HashSet<>();
    for (Replica r : replicas) {
      if (!ids.add(r.id())) throw new IllegalArgumentException("pool " + name + ": replica id " + r.id() + " is used twice");
    }
  }

  /** A pool without TLS settings of its own (the JDK's trusted CAs for {@code https://} replicas). */
  public PoolConfig(String name, List<Replica> replicas, Algorithm algorithm, HealthConfig health,
      AffinityConfig affinity, RetryConfig retry, TimeoutConfig timeouts) {
    this(name, replicas, algorithm, health, affinity, retry, timeouts, Optional.empty(), Optional.empty());
  }

  /** Whether {@code h} may be a {@code Host} value: a name, an IPv4 address or a bracketed IPv6 one, then an optional port. */
  public static boolean validHost(String h) {
    return h.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:[0-9]{1,5})?");
  }

  /** Round-robin over {@code replicas} with default health (nginx's passive checks) and retries, no affinity. */
  public static PoolConfig of(String name, List<Replica> replicas, Duration timeout) {
    return new PoolConfig(name, replicas, Algorithm.ROUND_ROBIN, HealthConfig.defaults(), AffinityConfig.none(),
        RetryConfig.defaults(), TimeoutConfig.of(timeout));
  }

  public PoolConfig withReplicas(List<Replica> r) {
    return new PoolConfig(name, r, algorithm, health, affinity, retry, timeouts, tls, host);
  }

  public PoolConfig withAlgorithm(Algorithm a) {
    return new PoolConfig(name, replicas, a, health, affinity, retry, timeouts, tls, host);
  }

  public PoolConfig withHealth(HealthConfig h) {
    return new PoolConfig(name, replicas, algorithm, h, affinity, retry, timeouts, tls, host);
  }

  public PoolConfig withAffinity(AffinityConfig a) {
    return new PoolConfig(name, replicas, algorithm, health, a, retry, timeouts, tls, host);
  }

  public PoolConfig withRetry(RetryConfig r) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, r, timeouts, tls, host);
  }

  public PoolConfig withTimeouts(TimeoutConfig t) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, retry, t, tls, host);
  }

  /** The same pool speaking HTTPS to its {@code https://} replicas with {@code t}'s CA file and client certificate. */
  public PoolConfig withTls(OriginTlsConfig t) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, retry, timeouts, Optional.of(t), host);
  }

  /** The same pool sending passed requests with {@code Host: host} instead of the client's Host. */
  public PoolConfig withHost(String host) {
    return new PoolConfig(name, replicas, algorithm, health, affinity, retry, timeouts, tls, Optional.of(host));
  }

  /** Whether some replica is reached over HTTPS (an {@code https://} base URL). */
  public boolean usesHttps() {
    return replicas.stream().anyMatch(r -> r.base().getScheme().toLowerCase(Locale.ROOT).equals("https"));
  }
}
