package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When catalog objects change: each object gets a new version once per {@code interval}, at a phase of its
 * own decided by the seed, so changes are spread evenly in time instead of all landing at once. A zero
 * interval means objects never change. Pure, so the origin (on real time) and the simulator (on virtual time)
 * agree on every object's version.
 */
public record ChangeSchedule(long seed, Duration interval) {
  public ChangeSchedule {
    requireNonNull(interval, "interval");
    if (interval.isNegative()) throw new IllegalArgumentException("change interval must not be negative");
  }

  public boolean changes() {
    return !interval.isZero();
  }

  /** How many times {@code object} has changed by {@code nanos} (nanoseconds on the caller's time line). */
  public long versionAt(long object, long nanos) {
    if (!changes()) return 0;
    return (long) Math.floor(nanos / (double) interval.toNanos() + phase(object));
  }

  /** When {@code version} of {@code object} appeared, in nanoseconds on the same time line. */
  public long changedAtNanos(long object, long version) {
    if (!changes()) return 0;
    return (long) ((version - phase(object)) * interval.toNanos());
  }

  /** A uniform phase in [0, 1) decided by the seed and the object (SplitMix64's finaliser). */
  private double phase(long object) {
    long z = seed + 0x9E3779B97F4A7C15L * (object + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
