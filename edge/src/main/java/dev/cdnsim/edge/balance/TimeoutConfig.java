package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Time limits on one attempt at a replica: to connect; to the response's first byte (its head), and then between
 * any two pieces of its body (nginx's {@code proxy_read_timeout}: a body whose bytes keep coming takes as long as
 * the client needs to take it); and for the whole attempt until the head (a passed request's upload included). A
 * connect timeout is retried like a refused connection; the others end in 504, or cut a body already under way.
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
