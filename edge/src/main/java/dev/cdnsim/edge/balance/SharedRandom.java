package dev.cdnsim.edge.balance;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free random source for strategies shared by many threads: SplitMix64 (the generator inside
 * {@link SplittableRandom}) over an atomic seed taken from an injected, seeded {@code SplittableRandom}.
 * A given seed yields a given sequence of draws in one thread, which tests rely on.
 */
final class SharedRandom {
  private static final long GAMMA = 0x9e3779b97f4a7c15L;
  private final AtomicLong seed;

  SharedRandom(SplittableRandom seedSource) {
    this.seed = new AtomicLong(seedSource.nextLong());
  }

  /** A uniformly distributed long. */
  long nextLong() {
    return KeyHash.mix(seed.addAndGet(GAMMA));
  }

  /** A uniform int in [0, bound). */
  int nextInt(int bound) {
    // Lemire's multiply-shift: unbiased enough for bounds far below 2^32, and no division.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** A uniformly chosen usable index of {@code candidates} (which has at least one). */
  int usableIndex(Candidates candidates) {
    int n = candidates.size();
    if (candidates.usableCount() == n) return nextInt(n);
    int k = nextInt(candidates.usableCount());
    for (int i = 0; i < n; i++) {
      if (candidates.usable(i) && k-- == 0) return i;
    }
    throw new IllegalStateException("no usable candidate");
  }
}
