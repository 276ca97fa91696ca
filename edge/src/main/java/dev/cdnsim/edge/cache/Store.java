package dev.cdnsim.edge.cache;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * The byte-bounded map under {@link ResponseCache}; a seam so eviction policies can be compared. Every value that
 * leaves the map, evicted, removed, rejected as too big or computed to null, is passed to the {@code removed}
 * callback it was made with (that gives back its bodies' leases); a value replaced by another in
 * {@link #compute} is not: the caller moves those leases itself.
 */
interface Store {
  Variants get(CacheKey key);

  /** Atomically recomputes the entry; a {@code null} result removes it. */
  void compute(CacheKey key, BiFunction<CacheKey, Variants, Variants> f);

  Variants remove(CacheKey key);

  /** Removes every entry (each through the {@code removed} callback); returns how many responses they held. */
  int clear();

  /** A weakly consistent snapshot of the keys (for purges by prefix or tag). */
  Set<CacheKey> keys();

  long weightedSize();

  long size();
}
