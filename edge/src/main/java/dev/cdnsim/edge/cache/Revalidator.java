package dev.cdnsim.edge.cache;

/** Starts a background revalidation of a stale response (stale-while-revalidate); a test seam. */
public interface Revalidator {
  /**
   * Revalidates {@code stale}, stored under {@code key}, without blocking the caller; at most one
   * revalidation per key runs at a time, so further calls while one runs do nothing.
   */
  void revalidateInBackground(CacheKey key, HeaderList requestHeaders, CachedResponse stale);
}
