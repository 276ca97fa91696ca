package dev.cdnsim.topology.simulate;

import java.util.Arrays;

/**
 * A first-in, first-out queue of key ids in a growable ring buffer: pushes and pops touch
 * consecutive memory, which is what makes FIFO-based policies fast. Each push gets an entry number
 * (a counter that wraps), so a policy can tell a key's current entry from older ones it has
 * abandoned in place instead of unlinking them.
 */
final class KeyQueue {
  private int[] ring = new int[1 << 10];
  private int oldest;
  private int count;
  private int pushes;

  /** Appends {@code key} as the newest entry and returns that entry's number. */
  int push(int key) {
    if (count == ring.length) {
      grow();
    }
    ring[(oldest + count) & (ring.length - 1)] = key;
    count++;
    return pushes++;
  }

  /** Removes and returns the oldest key; the queue must not be empty. */
  int pop() {
    int key = ring[oldest];
    oldest = (oldest + 1) & (ring.length - 1);
    count--;
    return key;
  }

  /** Returns the entry number of the oldest key, the one {@link #pop()} returns next. */
  int oldestEntry() {
    return pushes - count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  private void grow() {
    int[] larger = new int[ring.length * 2];
    int firstPart = Math.min(count, ring.length - oldest);
    System.arraycopy(ring, oldest, larger, 0, firstPart);
    System.arraycopy(ring, 0, larger, firstPart, count - firstPart);
    ring = larger;
    oldest = 0;
  }

  @Override
  public String toString() {
    int[] keys = new int[count];
    for (int i = 0; i < count; i++) {
      keys[i] = ring[(oldest + i) & (ring.length - 1)];
    }
    return "KeyQueue" + Arrays.toString(keys);
  }
}
