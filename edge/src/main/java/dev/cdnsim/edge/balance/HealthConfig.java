package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a pool judges its replicas.
 *
 * @param passive   failures seen on real requests (nginx {@code max_fails}/{@code fail_timeout})
 * @param active    probes, if any (HAProxy {@code check}); empty means replicas are up unless passive checks eject them
 * @param slowStart after a replica comes back, its weight ramps from 10% to 100% over this window (zero: off)
 * @param panic     when no replica is eligible, try them all anyway (Envoy's panic mode) instead of answering 502
 */
public record HealthConfig(PassiveCheckConfig passive, Optional<ActiveCheckConfig> active, Duration slowStart,
    boolean panic) {
  public HealthConfig {
    requireNonNull(passive, "passive");
    requireNonNull(active, "active");
    requireNonNull(slowStart, "slowStart");
    if (slowStart.isNegative()) throw new IllegalArgumentException("slowStart must not be negative");
  }

  /** nginx's passive defaults, no probes, no slow start, no panic. */
  public static HealthConfig defaults() {
    return new HealthConfig(PassiveCheckConfig.defaults(), Optional.empty(), Duration.ZERO, false);
  }

  public HealthConfig withActive(ActiveCheckConfig check) {
    return new HealthConfig(passive, Optional.of(check), slowStart, panic);
  }

  public HealthConfig withPassive(PassiveCheckConfig check) {
    return new HealthConfig(check, active, slowStart, panic);
  }

  public HealthConfig withSlowStart(Duration window) {
    return new HealthConfig(passive, active, window, panic);
  }

  public HealthConfig withPanic(boolean on) {
    return new HealthConfig(passive, active, slowStart, on);
  }
}
