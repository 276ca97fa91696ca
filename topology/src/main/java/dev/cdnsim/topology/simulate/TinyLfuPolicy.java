package dev.cdnsim.topology.simulate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * W-TinyLFU as the edge runs it: a Caffeine cache bounded by weight, each key weighing its size.
 * Maintenance runs on the calling thread ({@code executor(Runnable::run)}), so every eviction a
 * put causes has happened, and every earlier read has been counted, before the next request.
 *
 * <p>One caveat: Caffeine admits a warm candidate that lost to its victim with probability 1/128
 * from {@code ThreadLocalRandom} (a guard against hash flooding), so repeated runs may differ in
 * the fourth decimal place.
 */
final class TinyLfuPolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final Cache<Integer, Integer> cache;

  TinyLfuPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(capacity)
        .weigher((Integer key, Integer size) -> size)
        .executor(Runnable::run)
        .build();
  }

  @Override
  public boolean access(int key) {
    Integer boxed = key;
    if (cache.getIfPresent(boxed) != null) {
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      cache.put(boxed, size);
    }
    return false;
  }
}
