package dev.cdnsim.topology.simulate;

import static java.util.Objects.requireNonNull;

/**
 * What one policy at one capacity did over a whole trace.
 *
 * @param policy the policy
 * @param capacity its capacity, in bytes (or objects, for unit sizes)
 * @param requests requests replayed
 * @param hits requests that hit
 * @param bytes bytes requested
 * @param hitBytes bytes served from the cache
 * @param cpuNanos CPU time of the replay, in nanoseconds
 */
public record Measurement(Policy policy, long capacity, long requests, long hits, long bytes,
    long hitBytes, long cpuNanos) {

  public Measurement {
    requireNonNull(policy, "policy");
  }

  /** Returns hits over requests, 0 for an empty trace. */
  public double hitRatio() {
    return requests == 0 ? 0 : hits / (double) requests;
  }

  /** Returns bytes hit over bytes requested, 0 for an empty trace. */
  public double byteHitRatio() {
    return bytes == 0 ? 0 : hitBytes / (double) bytes;
  }

  /** Returns requests replayed per CPU second. */
  public double requestsPerSecond() {
    return cpuNanos == 0 ? 0 : requests * 1e9 / cpuNanos;
  }
}
