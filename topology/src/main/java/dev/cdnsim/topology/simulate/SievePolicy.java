package dev.cdnsim.topology.simulate;

/**
 * SIEVE (Zhang et al., NSDI 2024), size-aware: a FIFO queue with one "visited" bit per key and a
 * hand that walks from the oldest key towards the newest, clearing visited bits and evicting the
 * first unvisited key; a hit only sets the bit, so hits cost one store. Evictions repeat until the
 * new key fits.
 */
final class SievePolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final KeyList queue;
  private final boolean[] held;
  private final boolean[] visited;
  private int hand = KeyList.NONE;

  SievePolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.queue = new KeyList(sizes);
    this.held = new boolean[sizes.length];
    this.visited = new boolean[sizes.length];
  }

  @Override
  public boolean access(int key) {
    if (held[key]) {
      visited[key] = true;
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      while (queue.bytes() + size > capacity) {
        evict();
      }
      queue.addFirst(key);
      held[key] = true;
    }
    return false;
  }

  private void evict() {
    int candidate = hand == KeyList.NONE ? queue.last() : hand;
    while (visited[candidate]) {
      visited[candidate] = false;
      candidate = queue.newer(candidate);
      if (candidate == KeyList.NONE) {
        candidate = queue.last(); // the hand wraps from the newest back to the oldest
      }
    }
    hand = queue.newer(candidate);
    queue.remove(candidate);
    held[candidate] = false;
  }
}
