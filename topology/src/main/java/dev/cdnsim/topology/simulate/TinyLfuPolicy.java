package dev.cdnsim.topology.simulate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cdnsim.edge.cache.FrequencySketchSizing;

/**
 * W-TinyLFU as the edge runs it: a Caffeine cache bounded by weight, each key weighing its size, its
 * frequency sketch sized as the edge sizes it ({@link FrequencySketchSizing}), with every request fully
 * applied before the next. Maintenance runs on the calling thread
 * ({@code executor(Runnable::run)}), so a put's evictions are done when it returns; a hit is
 * followed by {@code cleanUp()}, so it is counted in the frequency sketch and the recency order at
 * once. Without that, Caffeine buffers reads (dropping some when its buffer is full) and applies
 * them at the next maintenance, which moves hit ratios by up to a point either way.
 *
 * <p>One caveat: Caffeine admits a warm candidate that lost to its victim with probability 1/128
 * from {@code ThreadLocalRandom} (a guard against hash flooding), whose seed cannot be set, so
 * repeated runs differ slightly.
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
    FrequencySketchSizing sketch = new FrequencySketchSizing(capacity);
    sketch.apply(cache, i -> -1 - i, sketch.placeholderWeight()); // a catalog's keys are 0 and up
  }

  @Override
  public boolean access(int key) {
    Integer boxed = key;
    if (cache.getIfPresent(boxed) != null) {
      cache.cleanUp();
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      cache.put(boxed, size);
    }
    return false;
  }
}
