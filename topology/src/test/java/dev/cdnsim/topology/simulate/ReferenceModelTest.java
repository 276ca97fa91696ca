package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The array-based policies against slow, obviously correct models, and properties every policy
 * must have, on seeded random traces.
 */
class ReferenceModelTest {

  /** LRU and FIFO with variable sizes hit exactly where a LinkedHashMap model does. */
  @ParameterizedTest
  @ValueSource(longs = {1, 7, 50, 200, 1_000})
  void lruAndFifoMatchALinkedHashMapModel(long capacity) {
    Trace trace = Traces.random(capacity, 20_000, 300, 20);
    assertThat(Traces.hits(Policy.LRU, capacity, trace)).isEqualTo(modelHits(trace, capacity, true));
    assertThat(Traces.hits(Policy.FIFO, capacity, trace)).isEqualTo(modelHits(trace, capacity, false));
  }

  /** With room for every key, only first requests miss, whatever the policy. */
  @ParameterizedTest
  @EnumSource(Policy.class)
  void aCacheBigEnoughForEverythingOnlyMissesFirstRequests(Policy policy) {
    Trace trace = Traces.random(3, 10_000, 500, 10);
    long everything = Arrays.stream(trace.sizes()).asLongStream().sum();
    long distinct = Arrays.stream(trace.keys()).distinct().count();
    assertThat(Traces.hitCount(policy, everything, trace)).isEqualTo(trace.requests() - distinct);
  }

  /** LRU is a stack algorithm: with unit sizes, a bigger cache never hits less. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void lruNeverHitsLessWithMoreRoom(long seed) {
    Trace trace = Traces.random(seed, 5_000, 200, 1);
    long previous = 0;
    for (int capacity = 1; capacity <= 200; capacity += 7) {
      long hits = Traces.hitCount(Policy.LRU, capacity, trace);
      assertThat(hits).isGreaterThanOrEqualTo(previous);
      previous = hits;
    }
  }

  private static String modelHits(Trace trace, long capacity, boolean reorderOnHit) {
    LinkedHashMap<Integer, Integer> cache = new LinkedHashMap<>(16, 0.75f, reorderOnHit);
    long used = 0;
    StringBuilder pattern = new StringBuilder();
    for (int key : trace.keys()) {
      if (cache.get(key) != null) {
        pattern.append('H');
        continue;
      }
      pattern.append('-');
      int size = trace.sizes()[key];
      if (size > capacity) {
        continue;
      }
      for (Iterator<Integer> oldest = cache.values().iterator(); used + size > capacity; ) {
        used -= oldest.next();
        oldest.remove();
      }
      cache.put(key, size);
      used += size;
    }
    return pattern.toString();
  }
}
