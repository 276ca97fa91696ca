package dev.cdnsim.edge.balance;

import java.util.Arrays;

/** A usable replica drawn at random with probability proportional to its weight. */
final class WeightedRandom implements SelectionStrategy {
  private final SharedRandom random;
  private final PerLayout<long[]> table = new PerLayout<>(WeightedRandom::cumulative);

  WeightedRandom(SharedRandom random) {
    this.random = random;
  }

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    if (candidates.usableCount() < candidates.size()) {
      // A retry: draw among what is left, uniformly; rare enough not to need a second table.
      return random.usableIndex(candidates);
    }
    long[] cumulative = table.of(candidates);
    long r = Long.remainderUnsigned(random.nextLong(), cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r + 1);
    return i >= 0 ? i : -i - 1;
  }

  private static long[] cumulative(Candidates candidates) {
    long[] cumulative = new long[candidates.size()];
    long sum = 0;
    for (int i = 0; i < cumulative.length; i++) cumulative[i] = sum += candidates.weight(i);
    return cumulative;
  }

  @Override
  public String toString() {
    return "random";
  }
}
