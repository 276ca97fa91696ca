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
 *
 * <p>All three queues are ring buffers; a key leaving the ghost early (on a ghost hit) leaves a
 * stale entry behind, recognised by its entry number and skipped when it reaches the tail.
 */
final class S3FifoPolicy implements EvictionPolicy {
  private static final byte ABSENT = 0;
  private static final byte SMALL = 1;
  private static final byte MAIN = 2;
  private static final byte GHOST = 3;
  /** A key's state byte holds its place in bits 0-1 and its 2-bit frequency above: one load per request. */
  private static final int PLACE = 3;
  private static final int ONE_HIT = 1 << 2;
  private static final int MOVE_TO_MAIN = 2 * ONE_HIT;
  private static final int MAX_FREQUENCY = 3 * ONE_HIT;

  private final long capacity;
  private final long smallCapacity;
  private final long mainCapacity;
  private final long ghostCapacity;
  private final int[] sizes;
  private final KeyQueue small = new KeyQueue();
  private final KeyQueue main = new KeyQueue();
  private final KeyQueue ghost = new KeyQueue();
  private final byte[] state;
  private final int[] ghostEntry;
  private long smallBytes;
  private long mainBytes;
  private long ghostBytes;
  private boolean evicting;

  S3FifoPolicy(long capacity, int[] sizes) {
    this.capacity = capacity;
    this.smallCapacity = Math.max(1, capacity / 10);
    this.mainCapacity = capacity - smallCapacity;
    this.ghostCapacity = capacity * 9 / 10;
    this.sizes = sizes;
    this.state = new byte[sizes.length];
    this.ghostEntry = new int[sizes.length];
  }

  @Override
  public boolean access(int key) {
    int current = state[key];
    int place = current & PLACE;
    if (place == SMALL || place == MAIN) {
      if (current < MAX_FREQUENCY) { // frequency below 3, whatever the place bits
        state[key] = (byte) (current + ONE_HIT);
      }
      return true;
    }
    int size = sizes[key];
    boolean remembered = place == GHOST;
    if (remembered) {
      state[key] = ABSENT; // its ghost entry is now stale
      ghostBytes -= size;
    }
    if (size > capacity || (!remembered && size > smallCapacity)) {
      return false;
    }
    while (smallBytes + mainBytes + size > capacity) {
      evict();
    }
    // Until the first eviction, keys that overflow the small FIFO fill main (as libCacheSim does).
    if (remembered || (!evicting && smallBytes >= smallCapacity)) {
      toMain(key);
    } else {
      small.push(key);
      smallBytes += size;
      state[key] = SMALL;
    }
    return false;
  }

  private void evict() {
    evicting = true;
    if (mainBytes > mainCapacity || small.isEmpty()) {
      evictFromMain();
    } else {
      evictFromSmall();
    }
  }

  private void evictFromSmall() {
    while (!small.isEmpty()) {
      int key = small.pop();
      smallBytes -= sizes[key];
      if (state[key] >= MOVE_TO_MAIN) {
        toMain(key);
      } else {
        remember(key);
        return;
      }
    }
  }

  private void evictFromMain() {
    while (!main.isEmpty()) {
      int key = main.pop();
      int current = state[key];
      if (current >= ONE_HIT) {
        state[key] = (byte) (current - ONE_HIT);
        main.push(key);
      } else {
        mainBytes -= sizes[key];
        state[key] = ABSENT;
        return;
      }
    }
  }

  private void toMain(int key) {
    main.push(key);
    mainBytes += sizes[key];
    state[key] = MAIN; // frequency 0
  }

  private void remember(int key) {
    state[key] = ABSENT;
    int size = sizes[key];
    if (size > ghostCapacity) {
      return;
    }
    while (ghostBytes + size > ghostCapacity) {
      int entry = ghost.oldestEntry();
      int forgotten = ghost.pop();
      if (state[forgotten] == GHOST && ghostEntry[forgotten] == entry) {
        state[forgotten] = ABSENT;
        ghostBytes -= sizes[forgotten];
      }
    }
    ghostEntry[key] = ghost.push(key);
    ghostBytes += size;
    state[key] = GHOST;
  }
}
