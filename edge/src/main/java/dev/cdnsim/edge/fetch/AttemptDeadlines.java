package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.TimeoutConfig;

/**
 * The deadlines of one attempt at a replica, as instants of {@code System.nanoTime()} that the caller passes in
 * (so that tests pass made-up ones). The total timeout runs from the attempt's start, the first-byte timeout from
 * the moment the whole request went out. Until the answer's head comes both apply, the nearer one first. After it
 * the body takes as long as it takes while its bytes keep coming: a replica silent for the first-byte timeout
 * mid-body is cut off (nginx's {@code proxy_read_timeout}), and time spent waiting for the client to take what was
 * read is not the replica's (the client's own write timeout covers that).
 */
final class AttemptDeadlines {
  private final long firstByteNanos;
  private final long total;
  private boolean requestSent;
  private long firstByte;
  private boolean answered;
  /** When the body last moved: bytes came from the replica, or the edge was not waiting for any. */
  private long bodyMoved;

  AttemptDeadlines(long start, TimeoutConfig timeouts) {
    this.firstByteNanos = timeouts.firstByte().toNanos();
    this.total = start + timeouts.total().toNanos();
  }

  /** The whole request went out at {@code now}: the replica has the first-byte timeout from here to answer. */
  void requestSent(long now) {
    requestSent = true;
    firstByte = now + firstByteNanos;
  }

  /** The answer's head came at {@code now}. */
  void answered(long now) {
    answered = true;
    bodyMoved = now;
  }

  /** Whether the answer's head has come: from then on only the body's silences count. */
  boolean isAnswered() {
    return answered;
  }

  /** Body bytes came from the replica at {@code now}, or the edge was waiting for the client, not the replica. */
  void bodyMoved(long now) {
    bodyMoved = now;
  }

  /** Nanoseconds from {@code now} to the deadline that applies; zero or less when it has passed. */
  long remaining(long now) {
    if (answered) return bodyMoved + firstByteNanos - now;
    long left = total - now;
    return requestSent ? Math.min(left, firstByte - now) : left;
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
