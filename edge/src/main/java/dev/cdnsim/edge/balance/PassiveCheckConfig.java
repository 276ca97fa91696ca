package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Passive health, as nginx's {@code max_fails} and {@code fail_timeout}: {@code maxFails} failed
 * requests within {@code failTimeout} take a replica out for {@code failTimeout}; {@code maxFails == 0}
 * turns passive checks off.
 */
public record PassiveCheckConfig(int maxFails, Duration failTimeout) {
  public PassiveCheckConfig {
    requireNonNull(failTimeout, "failTimeout");
    if (maxFails < 0) throw new IllegalArgumentException("maxFails must be >= 0, was " + maxFails);
    if (failTimeout.isNegative() || failTimeout.isZero()) {
      throw new IllegalArgumentException("failTimeout must be positive, was " + failTimeout);
    }
  }

  /** nginx's defaults: one failure within 10 s takes a replica out for 10 s. */
  public static PassiveCheckConfig defaults() {
    return new PassiveCheckConfig(1, Duration.ofSeconds(10));
  }

  /** No passive checks: failures are counted but never take a replica out. */
  public static PassiveCheckConfig off() {
    return new PassiveCheckConfig(0, Duration.ofSeconds(10));
  }

  public boolean enabled() {
    return maxFails > 0;
  }
}
