package dev.cdnsim.edge.balance;

import java.util.Arrays;

/** A usable replica drawn at random with probability proportional to its weight. */
final class WeightedRandom implements SelectionStrategy {
  private record Table(Object layout, long[] cumulative) {}

  private final SharedRandom random;
  private volatile Table table = new Table(null, new long[0]);

  WeightedRandom(SharedRandom random) {
    this.random = random;
  }

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    if (candidates.usableCount() < candidates.size()) {
      // A retry: draw among what is left, uniformly; rare enough not to need a second table.
      return random.usableIndex(candidates);
    }
    Table t = table;
    if (t.layout() != candidates.layout()) {
      long[] cumulative = new long[candidates.size()];
      long sum = 0;
      for (int i = 0; i < cumulative.length; i++) cumulative[i] = sum += candidates.weight(i);
      t = new Table(candidates.layout(), cumulative);
      table = t;
    }
    long[] cumulative = t.cumulative();
    long r = Long.remainderUnsigned(random.nextLong(), cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r + 1);
    return i >= 0 ? i : -i - 1;
  }

  @Override
  public String toString() {
    return "random";
  }
}
