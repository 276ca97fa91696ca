package dev.cdnsim.edge.balance;

/**
 * The passive health of one replica, as nginx keeps it: an immutable value moved on by request
 * outcomes at given instants (epoch millis), so it is tested on values and updated by compare-and-set.
 *
 * <p>{@code maxFails} failures within {@code failTimeout} of the first eject the replica for
 * {@code failTimeout}. When that time is up the replica is tried again on probation: one more failure
 * ejects it again at once, and a success clears its record (as nginx keeps {@code fails} until a success).
 *
 * @param failures     failures counted in the current window (at least maxFails on probation)
 * @param windowStart  when the first of them happened
 * @param ejectedUntil the replica is out before this instant
 */
record PassiveHealth(int failures, long windowStart, long ejectedUntil) {
  static final PassiveHealth HEALTHY = new PassiveHealth(0, 0, Long.MIN_VALUE);

  /** Whether the replica may take requests at {@code now}. */
  boolean available(long now) {
    return now >= ejectedUntil;
  }

  /** Whether the replica was ever ejected and has not had a success since. */
  boolean onProbationOrEjected(PassiveCheckConfig config) {
    return config.enabled() && failures >= config.maxFails();
  }

  /** The state after a failed request at {@code now}; a failure while already ejected changes nothing. */
  PassiveHealth failed(long now, PassiveCheckConfig config) {
    if (!config.enabled() || !available(now)) return this;
    long timeout = config.failTimeout().toMillis();
    int fails;
    long start;
    if (onProbationOrEjected(config)) {
      fails = config.maxFails();
      start = now;
    } else if (failures == 0 || now - windowStart >= timeout) {
      fails = 1;
      start = now;
    } else {
      fails = failures + 1;
      start = windowStart;
    }
    return fails >= config.maxFails()
        ? new PassiveHealth(fails, start, now + timeout)
        : new PassiveHealth(fails, start, ejectedUntil);
  }

  /** The state after a successful request: the failure record is cleared (the same object when already clear). */
  PassiveHealth succeeded() {
    return failures == 0 ? this : new PassiveHealth(0, 0, ejectedUntil);
  }
}
