package dev.cdnsim.edge.cache;

/** Which entries a full cache gives up first. */
public enum EvictionPolicy {
  /** Caffeine's W-TinyLFU: admits by frequency, resists scans; the default. */
  TINY_LFU,
  /** Least recently used, for comparison (what most simple caches do). */
  LRU
}
