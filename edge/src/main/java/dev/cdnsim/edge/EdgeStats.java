package dev.cdnsim.edge;

/**
 * A snapshot of an edge's counters. Every proxied request is either a hit (served from stored bytes:
 * fresh, stale or revalidated) or a miss (fetched, passed or answered with an error), so
 * {@code requests == hits + misses}; admin requests are not counted.
 *
 * @param bytesServed    body bytes sent to clients
 * @param originRequests requests sent to origin replicas (fetches, revalidations, passes)
 * @param originBytes    body bytes received from origin replicas
 */
public record EdgeStats(long requests, long hits, long misses, long bytesServed, long originRequests, long originBytes) {
  /** All counters at zero: an edge before its first request. */
  public static final EdgeStats NONE = new EdgeStats(0, 0, 0, 0, 0, 0);

  /** hits / requests, or 0 before the first request. */
  public double hitRatio() {
    return requests == 0 ? 0 : (double) hits / requests;
  }

  /** These counters and {@code other}'s added up: several edges, or one edge across restarts. */
  public EdgeStats plus(EdgeStats other) {
    return new EdgeStats(requests + other.requests, hits + other.hits, misses + other.misses,
        bytesServed + other.bytesServed, originRequests + other.originRequests, originBytes + other.originBytes);
  }
}
