package dev.cdnsim.topology.simulate;

import java.util.Map;
import java.util.SplittableRandom;

/** Small traces for tests, written as letters: key {@code 'A'} is 0, {@code 'B'} is 1, and so on. */
final class Traces {
  private Traces() {}

  /** A trace of the letters in {@code requests}, every key of size 1. */
  static Trace letters(String requests) {
    return letters(requests, Map.of());
  }

  /** A trace of the letters in {@code requests}, with sizes from {@code sizes} (default 1). */
  static Trace letters(String requests, Map<Character, Integer> sizes) {
    int[] keys = requests.chars().map(c -> c - 'A').toArray();
    int[] keySizes = new int[26];
    for (int key = 0; key < 26; key++) {
      keySizes[key] = sizes.getOrDefault((char) ('A' + key), 1);
    }
    return new Trace(keys, keySizes);
  }

  /** A uniformly random trace over {@code keyCount} keys with sizes in {@code 1..maxSize}. */
  static Trace random(long seed, int requests, int keyCount, int maxSize) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] sizes = random.ints(keyCount, 1, maxSize + 1).toArray();
    int[] keys = random.ints(requests, 0, keyCount).toArray();
    return new Trace(keys, sizes);
  }

  /** Replays {@code trace} through a new {@code policy} cache: 'H' for each hit, '-' for each miss. */
  static String hits(Policy policy, long capacity, Trace trace) {
    EvictionPolicy cache = policy.create(capacity, trace);
    StringBuilder pattern = new StringBuilder();
    for (int key : trace.keys()) {
      pattern.append(cache.access(key) ? 'H' : '-');
    }
    return pattern.toString();
  }

  /** Counts the hits of {@code trace} through a new {@code policy} cache. */
  static long hitCount(Policy policy, long capacity, Trace trace) {
    return hits(policy, capacity, trace).chars().filter(c -> c == 'H').count();
  }
}
