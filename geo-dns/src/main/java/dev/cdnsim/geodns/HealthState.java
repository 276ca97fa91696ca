package dev.cdnsim.geodns;

/**
 * The health of one edge as a rise/fall state machine (pure): {@code fall} consecutive failed
 * probes take a healthy edge down, {@code rise} consecutive good ones bring it back; a probe that
 * agrees with the current state resets the opposite streak.
 */
record HealthState(boolean healthy, int streak) {
  /** Edges start healthy, so a fresh server answers at once instead of failing open. */
  static final HealthState INITIAL = new HealthState(true, 0);

  /** Returns the state after one probe that {@code succeeded} or not. */
  HealthState after(boolean succeeded, int rise, int fall) {
    if (succeeded == healthy) {
      return new HealthState(healthy, 0);
    }
    int needed = healthy ? fall : rise;
    int counted = streak + 1;
    return counted >= needed ? new HealthState(!healthy, 0) : new HealthState(healthy, counted);
  }
}
