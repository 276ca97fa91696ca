package dev.cdnsim.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToIntBiFunction;

/** A {@link Store} on Caffeine (W-TinyLFU), bounded by the weight of its entries in bytes. */
final class CaffeineStore implements Store {
  private final Cache<CacheKey, Variants> cache;
  /** The value of the placeholders that size the frequency sketch; never seen by the caller. */
  private final Variants placeholder = new Variants(List.of());

  CaffeineStore(long maxBytes, Executor maintenance, Consumer<Variants> removed,
      ToIntBiFunction<CacheKey, Variants> weigher) {
    FrequencySketchSizing sketch = new FrequencySketchSizing(maxBytes);
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        // Every way out but a replacement in compute (the caller moves those leases): evicted, removed, computed to null.
        .removalListener((CacheKey k, Variants v, RemovalCause cause) -> {
          if (cause != RemovalCause.REPLACED && v != null && v != placeholder) removed.accept(v);
        })
        .weigher((CacheKey k, Variants v) -> v == placeholder ? sketch.placeholderWeight() : weigher.applyAsInt(k, v))
        .executor(maintenance)
        .build();
    sketch.apply(cache, i -> new CacheKey("sketch", "", Integer.toString(i)), placeholder);
  }

  @Override public Variants get(CacheKey key) { return cache.getIfPresent(key); }

  @Override public void compute(CacheKey key, BiFunction<CacheKey, Variants, Variants> f) { cache.asMap().compute(key, f); }

  @Override public Variants remove(CacheKey key) { return cache.asMap().remove(key); }

  @Override public int clear() {
    int responses = 0;
    for (CacheKey key : cache.asMap().keySet()) {
      Variants removed = cache.asMap().remove(key);
      if (removed != null && removed != placeholder) responses += removed.responses().size();
    }
    return responses;
  }

  @Override public Set<CacheKey> keys() { return Set.copyOf(cache.asMap().keySet()); }

  @Override public long weightedSize() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  @Override public long size() { return cache.estimatedSize(); }

  @Override public String toString() { return "CaffeineStore{W-TinyLFU}"; }
}
