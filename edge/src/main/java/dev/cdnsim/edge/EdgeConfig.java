package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One edge: its name, where it listens (port 0 picks a free port), the origin replicas it forwards to,
 * how many bytes its cache holds and how long it waits for an origin. Finer knobs are in {@link EdgeOptions}.
 */
public record EdgeConfig(String id, InetSocketAddress listen, List<URI> origins, long cacheMaxBytes, Duration originTimeout) {
  public EdgeConfig {
    requireNonNull(id, "id");
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
