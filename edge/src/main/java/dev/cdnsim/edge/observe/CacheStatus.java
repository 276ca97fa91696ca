package dev.cdnsim.edge.observe;

/**
 * How the edge answered a proxied request; sent as {@code X-Cache} and counted in the stats.
 * {@link #HIT}, {@link #STALE} and {@link #REVALIDATED} count as hits (served from stored bytes);
 * everything else counts as a miss, so {@code requests == hits + misses}.
 */
public enum CacheStatus {
  /** Served fresh from the cache (also: a collapsed waiter served from the leader's stored copy). */
  HIT,
  /** Fetched from the origin (and stored when allowed). */
  MISS,
  /** Served stale: stale-while-revalidate, stale-if-error or the client's max-stale. */
  STALE,
  /** Stored copy validated by the origin with a 304 and served. */
  REVALIDATED,
  /** Not cacheable (method, Authorization, hit-for-miss, no-store…): forwarded as is. */
  PASS,
  /** The edge answered with an error of its own (bad request, 502, 504, only-if-cached miss). */
  ERROR;

  public boolean isHit() {
    return this == HIT || this == STALE || this == REVALIDATED;
  }
}
