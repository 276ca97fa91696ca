package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Active health checks, as HAProxy's {@code check inter rise fall}: every {@code interval} each replica
 * is probed ({@code GET path} expecting {@code expectStatus}, or a TCP connect) within {@code timeout};
 * {@code fall} consecutive failures mark it down and {@code rise} consecutive successes mark it up.
 */
public record ActiveCheckConfig(Kind kind, String path, int expectStatus, Duration interval, Duration timeout,
    int rise, int fall) {

  /** How a replica is probed. */
  public enum Kind { HTTP, TCP }

  public ActiveCheckConfig {
    requireNonNull(kind, "kind");
    requireNonNull(path, "path");
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    if (kind == Kind.HTTP && !path.startsWith("/")) throw new IllegalArgumentException("path must start with /, was " + path);
    if (expectStatus < 100 || expectStatus > 599) throw new IllegalArgumentException("expectStatus must be 100..599");
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (rise < 1 || fall < 1) throw new IllegalArgumentException("rise and fall must be >= 1");
  }

  /** {@code GET path} expecting 200, HAProxy's defaults: every 2 s, 1 s timeout, rise 2, fall 3. */
  public static ActiveCheckConfig http(String path) {
    return new ActiveCheckConfig(Kind.HTTP, path, 200, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);
  }

  /** A TCP connect, with HAProxy's defaults: every 2 s, 1 s timeout, rise 2, fall 3. */
  public static ActiveCheckConfig tcp() {
    return new ActiveCheckConfig(Kind.TCP, "/", 200, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);
  }

  /** The same check every {@code interval}, with {@code rise} and {@code fall}. */
  public ActiveCheckConfig every(Duration interval, int rise, int fall) {
    return new ActiveCheckConfig(kind, path, expectStatus, interval, timeout, rise, fall);
  }

  /**
   * The same check every {@code interval}, its timeout cut to the interval when longer, so that a probe never
   * outlasts its turn.
   */
  public ActiveCheckConfig everyWithin(Duration interval) {
    Duration within = interval.compareTo(timeout) < 0 ? interval : timeout;
    return new ActiveCheckConfig(kind, path, expectStatus, interval, within, rise, fall);
  }
}
