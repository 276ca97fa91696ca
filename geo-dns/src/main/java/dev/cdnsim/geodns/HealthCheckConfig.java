package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How edges are probed: a GET of each health URL every {@code interval}, failing after
 * {@code timeout}; {@code fall} consecutive failures mark an edge down, {@code rise} consecutive
 * successes mark it up again.
 */
public record HealthCheckConfig(Duration interval, Duration timeout, int rise, int fall) {
  /** One probe a second, half a second to answer, two in a row to change state. */
  public static final HealthCheckConfig DEFAULT =
      new HealthCheckConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2);

  public HealthCheckConfig {
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("health interval must be positive: " + interval);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("health timeout must be positive: " + timeout);
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("rise and fall must be at least 1: " + rise + ", " + fall);
    }
  }
}
