package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.TimeoutConfig;

/**
 * The deadlines of one attempt at a replica, as instants of {@code System.nanoTime()} that the caller passes in
 * (so that tests pass made-up ones). The total timeout runs from the attempt's start, the first-byte timeout from
 * the moment the whole request went out. Until the answer's head comes both apply, the nearer one first; after
 * it only the total one does, so that a replica stalling mid-body is cut off.
 */
final class AttemptDeadlines {
  private final long firstByteNanos;
  private final long total;
  private boolean requestSent;
  private long firstByte;

  AttemptDeadlines(long start, TimeoutConfig timeouts) {
    this.firstByteNanos = timeouts.firstByte().toNanos();
    this.total = start + timeouts.total().toNanos();
  }

  /** The whole request went out at {@code now}: the replica has the first-byte timeout from here to answer. */
  void requestSent(long now) {
    requestSent = true;
    firstByte = now + firstByteNanos;
  }

  /**
   * Nanoseconds from {@code now} to the deadline that applies ({@code answered}: the answer's head has come);
   * zero or less when it has passed.
   */
  long remaining(long now, boolean answered) {
    long left = total - now;
    return requestSent && !answered ? Math.min(left, firstByte - now) : left;
  }

  /**
   * How long a timer set at {@code now}, before the request is out, should wait first: no longer than the
   * first-byte timeout, the earliest the first-byte deadline can pass. Firing early, it is set again for
   * {@link #remaining}, so the timer is set once for most requests and never fires late.
   */
  long firstWait(long now) {
    return Math.min(firstByteNanos, total - now);
  }
}
