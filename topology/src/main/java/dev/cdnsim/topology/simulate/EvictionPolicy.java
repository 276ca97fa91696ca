package dev.cdnsim.topology.simulate;

/**
 * A cache of bounded total size replaying one trace: each call is the next request of the trace,
 * in order. On a miss the policy may admit the key, evicting others so that the sizes of the keys
 * it holds never exceed its capacity; a key bigger than the capacity is never held.
 */
interface EvictionPolicy {

  /** Serves the next request, for {@code key}; returns whether the key was held (a hit). */
  boolean access(int key);
}
