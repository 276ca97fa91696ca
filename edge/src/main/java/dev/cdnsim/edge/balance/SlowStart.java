package dev.cdnsim.edge.balance;

import java.time.Duration;

/**
 * Weight ramping after recovery (nginx {@code slow_start}, HAProxy {@code slowstart}): a replica that
 * came back at {@code since} gets 10% of its weight, then 20%, ... and all of it after the window, in
 * ten steps so that weight tables are rebuilt ten times per recovery rather than on every request.
 * Effective weights are in units of 1/{@value #SCALE} of a configured weight.
 */
record SlowStart(long windowMillis) {
  static final int SCALE = 10;
  private static final int STEPS = 10;

  static SlowStart of(Duration window) {
    return new SlowStart(window.toMillis());
  }

  /** The effective weight at {@code now} of a replica of {@code weight} that recovered at {@code since}. */
  int weight(int weight, long since, long now) {
    int step = step(since, now);
    return step >= STEPS ? weight * SCALE : Math.max(1, weight * SCALE * step / STEPS);
  }

  /** When the effective weight next changes, or {@link Long#MAX_VALUE} once it is whole. */
  long nextChange(long since, long now) {
    int step = step(since, now);
    return step >= STEPS ? Long.MAX_VALUE : since + windowMillis * step / STEPS;
  }

  /** 1..10 within the window, 10 after it (and always when slow start is off or there was no recovery). */
  private int step(long since, long now) {
    if (windowMillis <= 0 || since == Long.MIN_VALUE || now - since >= windowMillis) return STEPS;
    return (int) (1 + Math.max(0, now - since) * STEPS / windowMillis);
  }
}
