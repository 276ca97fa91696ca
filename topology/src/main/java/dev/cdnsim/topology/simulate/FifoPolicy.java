package dev.cdnsim.topology.simulate;

/** First in, first out: hits change nothing; a miss evicts the oldest insertions until the key fits. */
final class FifoPolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final KeyList insertions;
  private final boolean[] held;

  FifoPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.insertions = new KeyList(sizes);
    this.held = new boolean[sizes.length];
  }

  @Override
  public boolean access(int key) {
    if (held[key]) {
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      while (insertions.bytes() + size > capacity) {
        int victim = insertions.last();
        insertions.remove(victim);
        held[victim] = false;
      }
      insertions.addFirst(key);
      held[key] = true;
    }
    return false;
  }
}
