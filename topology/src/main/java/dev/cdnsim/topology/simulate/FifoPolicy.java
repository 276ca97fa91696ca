package dev.cdnsim.topology.simulate;

/** First in, first out: hits change nothing; a miss evicts the oldest insertions until the key fits. */
final class FifoPolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final KeyQueue insertions = new KeyQueue();
  private final boolean[] held;
  private long bytes;

  FifoPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.sizes = sizes;
    this.held = new boolean[sizes.length];
  }

  @Override
  public boolean access(int key) {
    if (held[key]) {
      return true;
    }
    int size = sizes[key];
    if (size <= capacity) {
      while (bytes + size > capacity) {
        int victim = insertions.pop();
        held[victim] = false;
        bytes -= sizes[victim];
      }
      insertions.push(key);
      held[key] = true;
      bytes += size;
    }
    return false;
  }
}
