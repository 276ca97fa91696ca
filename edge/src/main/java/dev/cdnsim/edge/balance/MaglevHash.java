package dev.cdnsim.edge.balance;

/**
 * Consistent hashing with a Maglev lookup table (Eisenbud et al., NSDI 2016): each replica fills the
 * table's slots along its own permutation, derived from its id, in turns proportional to its weight.
 * A key maps to {@code table[hash mod M]}, so removing one of N replicas moves about 1/N of the keys
 * and the load stays within about 1% of the weights. A replica excluded for a retry passes its key to
 * the next slot's replica, which spreads one replica's keys over the others.
 */
final class MaglevHash implements SelectionStrategy {
  /** The table size: prime, and at least 100 × the number of replicas for an even spread. */
  static final int SIZE = 65_537;
  private static final long OFFSET_SEED = 0x5bd1e995L;
  private static final long SKIP_SEED = 0x1b873593L;

  enum Key { HASH_KEY, CLIENT_ADDRESS }

  private final Key key;
  private final PerLayout<int[]> table = new PerLayout<>(c -> populate(c, SIZE));

  MaglevHash(Key key) {
    this.key = key;
  }

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    int[] slots = table.of(candidates);
    long hash = key == Key.HASH_KEY ? KeyHash.of(request.hashKey(), 0) : KeyHash.of(request.client());
    int s = (int) Long.remainderUnsigned(hash, slots.length);
    while (!candidates.usable(slots[s])) s = (s + 1) % slots.length;
    return slots[s];
  }

  /** Maglev's population: replicas take turns claiming their next preferred empty slot until all are filled. */
  static int[] populate(Candidates candidates, int size) {
    int n = candidates.size();
    if (n == 0) throw new IllegalArgumentException("no replicas to place in a Maglev table");
    if (n > size / 100) throw new IllegalArgumentException("too many replicas for a Maglev table of " + size);
    long[] offset = new long[n];
    long[] skip = new long[n];
    long[] next = new long[n];
    long[] credit = new long[n];
    int maxWeight = 1;
    for (int i = 0; i < n; i++) {
      String id = candidates.replica(i).id();
      offset[i] = Long.remainderUnsigned(KeyHash.of(id, OFFSET_SEED), size);
      skip[i] = Long.remainderUnsigned(KeyHash.of(id, SKIP_SEED), size - 1) + 1;
      maxWeight = Math.max(maxWeight, candidates.weight(i));
    }
    int[] slots = new int[size];
    java.util.Arrays.fill(slots, -1);
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        // Weighted turns: a replica of weight w claims w/maxWeight slots per round on average.
        credit[i] += candidates.weight(i);
        while (credit[i] >= maxWeight) {
          credit[i] -= maxWeight;
          int c;
          do {
            c = (int) ((offset[i] + next[i] * skip[i]) % size);
            next[i]++;
          } while (slots[c] >= 0);
          slots[c] = i;
          if (++filled == size) return slots;
        }
      }
    }
  }

  @Override
  public String toString() {
    return key == Key.HASH_KEY ? "consistent-hash" : "ip-hash";
  }
}
