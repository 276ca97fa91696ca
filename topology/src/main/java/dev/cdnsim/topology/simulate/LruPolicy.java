package dev.cdnsim.topology.simulate;

/** Least recently used: a hit moves the key to the front; a miss evicts from the back until the key fits. */
final class LruPolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final KeyList recency;
  private final boolean[] held;

  LruPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.recency = new KeyList(sizes);
    this.held = new boolean[sizes.length];
  }

  @Override
  public boolean access(int key) {
    if (held[key]) {
      recency.moveToFirst(key);
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      while (recency.bytes() + size > capacity) {
        int victim = recency.last();
        recency.remove(victim);
        held[victim] = false;
      }
      recency.addFirst(key);
      held[key] = true;
    }
    return false;
  }
}
