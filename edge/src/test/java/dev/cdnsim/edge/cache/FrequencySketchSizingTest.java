package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The placeholders that size W-TinyLFU's sketch: how many, how heavy, and that none stays behind. */
class FrequencySketchSizingTest {
  static Cache<Integer, Integer> cache(long maximumWeight, AtomicInteger removals) {
    return Caffeine.newBuilder()
        .maximumWeight(maximumWeight)
        .weigher((Integer key, Integer weight) -> weight)
        .removalListener((Integer key, Integer weight, com.github.benmanes.caffeine.cache.RemovalCause cause) ->
            removals.incrementAndGet())
        .executor(Runnable::run)
        .build();
  }

  @Test
  void oneEntryPer4KiBFillsHalfTheBoundAndLeavesTheCacheEmpty() {
    long bound = 64L << 20;
    FrequencySketchSizing sizing = new FrequencySketchSizing(bound);
    AtomicInteger removals = new AtomicInteger();
    Cache<Integer, Integer> cache = cache(bound, removals);

    sizing.apply(cache, i -> -1 - i, sizing.placeholderWeight());

    assertThat(sizing.entries()).isEqualTo(16_384);
    assertThat((long) sizing.entries() * sizing.placeholderWeight()).isBetween(bound / 2, bound / 2 + sizing.entries());
    assertThat(cache.estimatedSize()).isZero();
    assertThat(cache.policy().eviction().orElseThrow().weightedSize()).hasValue(0);
    assertThat(removals).hasValue(16_384); // removed, none evicted along the way: the bound was never reached
  }

  @Test
  void smallCachesKeepCaffeinesOwnSizingAndLargeOnesAreCapped() {
    AtomicInteger keysMade = new AtomicInteger();
    FrequencySketchSizing small = new FrequencySketchSizing((4L << 20) - 1);
    small.apply(cache(4L << 20, new AtomicInteger()), i -> keysMade.incrementAndGet(), 1);

    assertThat(small.entries()).isZero();
    assertThat(keysMade).hasValue(0);
    assertThat(new FrequencySketchSizing(4L << 20).entries()).isEqualTo(1024);
    assertThat(new FrequencySketchSizing(16L << 30).entries()).isEqualTo(1 << 18);
    assertThat(new FrequencySketchSizing(16L << 30).placeholderWeight()).isEqualTo((8L << 30) >> 18);
    assertThat(new FrequencySketchSizing(Long.MAX_VALUE).entries()).isZero(); // a placeholder could not weigh enough
  }
}
