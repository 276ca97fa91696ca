package dev.cdnsim.edge.cache;

import java.util.Set;
import java.util.function.BiFunction;

/** The byte-bounded map under {@link ResponseCache}; a seam so eviction policies can be compared. */
interface Store {
  Variants get(CacheKey key);

  /** Atomically recomputes the entry; a {@code null} result removes it. */
  void compute(CacheKey key, BiFunction<CacheKey, Variants, Variants> f);

  Variants remove(CacheKey key);

  /** A weakly consistent snapshot of the keys (for purges by prefix or tag). */
  Set<CacheKey> keys();

  long weightedSize();

  long size();
}
