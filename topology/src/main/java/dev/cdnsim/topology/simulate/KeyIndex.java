package dev.cdnsim.topology.simulate;

/**
 * Assigns dense ids 0, 1, 2, ... to 64-bit keys in the order they are first seen: an open-address
 * hash map from {@code long} to {@code int} without boxing.
 */
final class KeyIndex {
  private long[] keys;
  private int[] idsPlusOne; // 0 marks an empty slot
  private int size;

  KeyIndex(int expectedKeys) {
    int slots = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
    keys = new long[slots];
    idsPlusOne = new int[slots];
  }

  /** Returns the id of {@code key}, assigning the next unused id if it is new. */
  int idOf(long key) {
    int mask = keys.length - 1;
    for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
      if (idsPlusOne[slot] == 0) {
        keys[slot] = key;
        idsPlusOne[slot] = ++size;
        if (size * 2 > keys.length) {
          grow();
        }
        return size - 1;
      }
      if (keys[slot] == key) {
        return idsPlusOne[slot] - 1;
      }
    }
  }

  /** Returns how many distinct keys have been seen. */
  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldIds = idsPlusOne;
    keys = new long[oldKeys.length * 2];
    idsPlusOne = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldIds[i] != 0) {
        int slot = spread(oldKeys[i]) & mask;
        while (idsPlusOne[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        idsPlusOne[slot] = oldIds[i];
      }
    }
  }

  /** SplitMix64's finaliser: neighbouring keys land far apart. */
  private static int spread(long key) {
    long z = (key ^ (key >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31));
  }
}
