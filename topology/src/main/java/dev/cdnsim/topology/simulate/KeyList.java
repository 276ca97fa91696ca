package dev.cdnsim.topology.simulate;

import java.util.Arrays;

/**
 * An intrusive doubly linked list of key ids, newest first, that keeps the total size of its
 * keys. Links live in {@code int} arrays indexed by key, so nothing is allocated per entry; lists
 * made with {@link #sharingLinks()} use the same arrays, which is safe because a key is in at most
 * one list of such a family at a time.
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
    this(sizes, new int[sizes.length], new int[sizes.length]);
    Arrays.fill(newer, NONE);
    Arrays.fill(older, NONE);
  }

  private KeyList(int[] sizes, int[] newer, int[] older) {
    this.sizes = sizes;
    this.newer = newer;
    this.older = older;
  }

  /** Returns another empty list over the same keys and link arrays. */
  KeyList sharingLinks() {
    return new KeyList(sizes, newer, older);
  }

  /** Inserts {@code key}, which must be in no list of this family, as the newest. */
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

  boolean isEmpty() {
    return first == NONE;
  }

  /** Returns the total size of the keys in the list. */
  long bytes() {
    return bytes;
  }
}
