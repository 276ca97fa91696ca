package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Time limits on one attempt at a replica: to connect, to the response's first byte (headers), and
 * for the whole response. A connect timeout is retried like a refused connection; the others end in 504.
 */
public record TimeoutConfig(Duration connect, Duration firstByte, Duration total) {
  public TimeoutConfig {
    requireNonNull(connect, "connect");
    requireNonNull(firstByte, "firstByte");
    requireNonNull(total, "total");
    for (Duration d : new Duration[] {connect, firstByte, total}) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts must be positive, was " + d);
    }
  }

  /** One limit for all three, as the edge's single {@code originTimeout} used to be. */
  public static TimeoutConfig of(Duration timeout) {
    return new TimeoutConfig(timeout, timeout, timeout);
  }
}
