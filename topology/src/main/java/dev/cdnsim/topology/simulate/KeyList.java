package dev.cdnsim.topology.simulate;

/**
 * An intrusive doubly linked list of key ids, newest first, that keeps the total size of its
 * keys. Links live in {@code int} arrays indexed by key, so nothing is allocated per entry and any
 * key can be unlinked in O(1), which LRU and SIEVE need.
 */
final class KeyList {
  static final int NONE = -1;

  private final int[] sizes;
  private final int[] newer;
  private final int[] older;
  private int first = NONE;
  private int last = NONE;
  private long bytes;

  /** Creates an empty list over keys {@code 0..sizes.length-1} weighing {@code sizes[key]}. */
  KeyList(int[] sizes) {
    this.sizes = sizes;
    this.newer = new int[sizes.length];
    this.older = new int[sizes.length];
  }

  /** Inserts {@code key}, which must not be in the list, as the newest. */
  void addFirst(int key) {
    newer[key] = NONE;
    older[key] = first;
    if (first == NONE) {
      last = key;
    } else {
      newer[first] = key;
    }
    first = key;
    bytes += sizes[key];
  }

  /** Unlinks {@code key}, which must be in this list. */
  void remove(int key) {
    int before = newer[key];
    int after = older[key];
    if (before == NONE) {
      first = after;
    } else {
      older[before] = after;
    }
    if (after == NONE) {
      last = before;
    } else {
      newer[after] = before;
    }
    bytes -= sizes[key];
  }

  /** Makes {@code key}, which must be in this list, the newest. */
  void moveToFirst(int key) {
    if (key != first) {
      remove(key);
      addFirst(key);
    }
  }

  /** Returns the oldest key, or {@link #NONE} when empty. */
  int last() {
    return last;
  }

  /** Returns the key just newer than {@code key}, or {@link #NONE} if it is the newest. */
  int newer(int key) {
    return newer[key];
  }

  /** Returns the total size of the keys in the list. */
  long bytes() {
    return bytes;
  }
}
