package dev.cdnsim.topology.simulate;

/**
 * S3-FIFO (Yang et al., SOSP 2023), size-aware, with the defaults of the authors' libCacheSim: a
 * small FIFO of 10% of the bytes takes new keys; at its tail a key hit at least twice moves to the
 * main FIFO (90%), any other key leaves for a ghost FIFO that remembers evicted keys (without their
 * data) up to 90% of the capacity in bytes. A miss on a ghost key goes straight to main. Main is a
 * CLOCK with a 2-bit counter per key: its tail key is reinserted with one count less while it has
 * any, else evicted. Keys bigger than the small FIFO bypass the cache unless remembered by the
 * ghost (libCacheSim also bypasses keys exactly as big, which would leave a unit-size cache of
 * fewer than 20 objects empty).
 */
final class S3FifoPolicy implements EvictionPolicy {
  private static final byte ABSENT = 0;
  private static final byte SMALL = 1;
  private static final byte MAIN = 2;
  private static final byte GHOST = 3;
  private static final int MOVE_TO_MAIN = 2;
  private static final int MAX_FREQUENCY = 3;

  private final long capacity;
  private final long smallCapacity;
  private final long mainCapacity;
  private final long ghostCapacity;
  private final int[] sizes;
  private final KeyList small;
  private final KeyList main;
  private final KeyList ghost;
  private final byte[] where;
  private final byte[] frequency;
  private boolean evicting;

  S3FifoPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.smallCapacity = Math.max(1, capacity / 10);
    this.mainCapacity = capacity - smallCapacity;
    this.ghostCapacity = capacity * 9 / 10;
    this.sizes = sizes;
    this.small = new KeyList(sizes);
    this.main = small.sharingLinks();
    this.ghost = small.sharingLinks();
    this.where = new byte[sizes.length];
    this.frequency = new byte[sizes.length];
  }

  @Override
  public boolean access(int key) {
    byte place = where[key];
    if (place == SMALL || place == MAIN) {
      if (frequency[key] < MAX_FREQUENCY) {
        frequency[key]++;
      }
      return true;
    }
    boolean remembered = place == GHOST;
    if (remembered) {
      ghost.remove(key);
      where[key] = ABSENT;
    }
    int size = sizes[key];
    if (size > capacity || (!remembered && size > smallCapacity)) {
      return false;
    }
    while (small.bytes() + main.bytes() + size > capacity) {
      evict();
    }
    frequency[key] = 0;
    // Until the first eviction, keys that overflow the small FIFO fill main (as libCacheSim does).
    if (remembered || (!evicting && small.bytes() >= smallCapacity)) {
      main.addFirst(key);
      where[key] = MAIN;
    } else {
      small.addFirst(key);
      where[key] = SMALL;
    }
    return false;
  }

  private void evict() {
    evicting = true;
    if (main.bytes() > mainCapacity || small.isEmpty()) {
      evictFromMain();
    } else {
      evictFromSmall();
    }
  }

  private void evictFromSmall() {
    while (!small.isEmpty()) {
      int key = small.last();
      small.remove(key);
      if (frequency[key] >= MOVE_TO_MAIN) {
        frequency[key] = 0;
        main.addFirst(key);
        where[key] = MAIN;
      } else {
        remember(key);
        return;
      }
    }
  }

  private void evictFromMain() {
    while (!main.isEmpty()) {
      int key = main.last();
      if (frequency[key] > 0) {
        frequency[key]--;
        main.moveToFirst(key);
      } else {
        main.remove(key);
        where[key] = ABSENT;
        return;
      }
    }
  }

  private void remember(int key) {
    where[key] = ABSENT;
    if (sizes[key] > ghostCapacity) {
      return;
    }
    while (ghost.bytes() + sizes[key] > ghostCapacity) {
      int forgotten = ghost.last();
      ghost.remove(forgotten);
      where[forgotten] = ABSENT;
    }
    ghost.addFirst(key);
    where[key] = GHOST;
  }
}
