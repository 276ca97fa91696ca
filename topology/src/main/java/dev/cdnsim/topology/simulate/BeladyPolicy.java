package dev.cdnsim.topology.simulate;

import java.util.Arrays;

/**
 * Belady's MIN, the offline optimum: it knows when every key is next requested and evicts the held
 * key whose next request is farthest away (never requested again first). A new key is admitted and
 * then the farthest keys are evicted until the rest fit, which may be the new key itself, so MIN
 * bypasses keys not worth holding. With unit sizes this is the optimal hit ratio; with variable
 * sizes optimal eviction is NP-hard and this is the usual farthest-first heuristic, a strong but
 * not a strict bound.
 *
 * <p>Held keys sit in a binary max-heap on next-request index, with each key's heap position kept
 * in an array, so a hit or an eviction costs O(log held).
 */
final class BeladyPolicy implements EvictionPolicy {
  private final long capacity;
  private final int[] sizes;
  private final int[] nextUses;
  private final int[] heap;
  private final int[] position;
  private final int[] nextUse;
  private int held;
  private long bytes;
  private int request;

  /** Creates the policy for {@code trace}, whose requests must then be replayed in order, once. */
  BeladyPolicy(long capacity, Trace trace) {
    this.capacity = capacity;
    this.sizes = trace.sizes();
    this.nextUses = trace.nextUses();
    this.heap = new int[sizes.length];
    this.position = new int[sizes.length];
    this.nextUse = new int[sizes.length];
    Arrays.fill(position, -1);
  }

  @Override
  public boolean access(int key) {
    int next = nextUses[request++];
    if (position[key] >= 0) {
      nextUse[key] = next; // later than before: the key can only rise in the max-heap
      siftUp(position[key], key);
      return true;
    }
    if (sizes[key] > capacity) {
      return false;
    }
    nextUse[key] = next;
    siftUp(held++, key);
    bytes += sizes[key];
    while (bytes > capacity) {
      evictFarthest();
    }
    return false;
  }

  private void evictFarthest() {
    int victim = heap[0];
    position[victim] = -1;
    bytes -= sizes[victim];
    int moved = heap[--held];
    if (held > 0) {
      siftDown(0, moved);
    }
  }

  private void siftUp(int index, int key) {
    int farthest = nextUse[key];
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      int parentKey = heap[parent];
      if (nextUse[parentKey] >= farthest) {
        break;
      }
      place(index, parentKey);
      index = parent;
    }
    place(index, key);
  }

  private void siftDown(int index, int key) {
    int farthest = nextUse[key];
    int half = held >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      int right = child + 1;
      if (right < held && nextUse[heap[right]] > nextUse[heap[child]]) {
        child = right;
      }
      if (nextUse[heap[child]] <= farthest) {
        break;
      }
      place(index, heap[child]);
      index = child;
    }
    place(index, key);
  }

  private void place(int index, int key) {
    heap[index] = key;
    position[key] = index;
  }
}
