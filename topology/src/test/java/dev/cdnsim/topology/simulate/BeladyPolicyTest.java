package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BeladyPolicyTest {

  /**
   * With unit sizes MIN with bypass is optimal: on 300 random traces of 14 requests over 5 keys it
   * hits exactly as often as an exhaustive search over every admission and eviction choice.
   */
  @Test
  void matchesAnExhaustiveOptimumOnTinyTraces() {
    for (long seed = 0; seed < 300; seed++) {
      Trace trace = Traces.random(seed, 14, 5, 1);
      for (int capacity = 1; capacity <= 3; capacity++) {
        int optimum = optimum(trace.keys(), 0, 0, capacity, new HashMap<>());
        assertThat(Traces.hitCount(Policy.BELADY, capacity, trace))
            .as("seed %d, capacity %d", seed, capacity)
            .isEqualTo(optimum);
      }
    }
  }

  /** No online policy beats the offline optimum (unit sizes, where MIN is exact). */
  @ParameterizedTest
  @EnumSource(Policy.class)
  void noPolicyHitsMoreThanBelady(Policy policy) {
    Trace trace = Traces.random(99, 30_000, 400, 1);
    for (long capacity : new long[] {1, 10, 50, 200}) {
      assertThat(Traces.hitCount(policy, capacity, trace))
          .as("%s at %d", policy.label(), capacity)
          .isLessThanOrEqualTo(Traces.hitCount(Policy.BELADY, capacity, trace));
    }
  }

  /** Most hits from request {@code i} on, holding the keys of bitmask {@code held}. */
  private static int optimum(int[] keys, int i, int held, int capacity, Map<Long, Integer> memo) {
    if (i == keys.length) {
      return 0;
    }
    long state = ((long) i << 32) | held;
    Integer known = memo.get(state);
    if (known != null) {
      return known;
    }
    int bit = 1 << keys[i];
    int best;
    if ((held & bit) != 0) {
      best = 1 + optimum(keys, i + 1, held, capacity, memo);
    } else {
      best = optimum(keys, i + 1, held, capacity, memo); // bypass
      if (Integer.bitCount(held) < capacity) {
        best = Math.max(best, optimum(keys, i + 1, held | bit, capacity, memo));
      } else {
        for (int victims = held; victims != 0; victims &= victims - 1) {
          int victim = victims & -victims;
          best = Math.max(best, optimum(keys, i + 1, (held & ~victim) | bit, capacity, memo));
        }
      }
    }
    memo.put(state, best);
    return best;
  }
}
