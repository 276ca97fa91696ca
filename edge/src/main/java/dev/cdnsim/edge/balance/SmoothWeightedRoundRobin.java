package dev.cdnsim.edge.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * nginx's smooth weighted round-robin. Rather than nginx's per-pick update under a lock, the whole
 * period of picks (sum of weights over their gcd) is computed once per layout with nginx's rule, and a
 * shared counter walks it: the same sequence, and lock-free.
 */
final class SmoothWeightedRoundRobin implements SelectionStrategy {
  /** Longest sequence kept; larger weight sums are scaled down to it (keeping every replica at least once). */
  static final int MAX_PERIOD = 1 << 16;

  private final AtomicInteger next = new AtomicInteger();
  private final PerLayout<int[]> table = new PerLayout<>(SmoothWeightedRoundRobin::sequence);

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    int[] seq = table.of(candidates);
    int i = Math.floorMod(next.getAndIncrement(), seq.length);
    while (!candidates.usable(seq[i])) i = (i + 1) % seq.length;
    return seq[i];
  }

  /** One period of nginx's picks: each round every current weight grows by its weight; the largest is picked and pays the total. */
  static int[] sequence(Candidates candidates) {
    int n = candidates.size();
    int[] weights = new int[n];
    int gcd = 0;
    for (int i = 0; i < n; i++) gcd = gcd(gcd, candidates.weight(i));
    long total = 0;
    for (int i = 0; i < n; i++) total += weights[i] = candidates.weight(i) / gcd;
    if (total > MAX_PERIOD) {
      long unscaled = total;
      total = 0;
      for (int i = 0; i < n; i++) total += weights[i] = Math.max(1, (int) ((long) weights[i] * (MAX_PERIOD - n) / unscaled));
    }
    int[] seq = new int[(int) total];
    long[] current = new long[n];
    for (int step = 0; step < seq.length; step++) {
      int best = 0;
      for (int i = 0; i < n; i++) {
        current[i] += weights[i];
        if (current[i] > current[best]) best = i;
      }
      current[best] -= total;
      seq[step] = best;
    }
    return seq;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public String toString() {
    return "weighted-round-robin";
  }
}
