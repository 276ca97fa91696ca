package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.Replica;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica's response body that ends the attempt in its pool exactly once, with the outcome its
 * status gave, at the end of the body or on close (so least connections counts a request until its
 * body is read); a read past the attempt's total deadline fails with a timeout, which is reported instead.
 */
final class AttemptBody extends FilterInputStream {
  private final Pool pool;
  private final Replica replica;
  private final Outcome outcome;
  private final long deadlineNanos;
  private final AtomicBoolean reported = new AtomicBoolean();

  AttemptBody(InputStream in, Pool pool, Replica replica, Outcome outcome, long deadlineNanos) {
    super(in);
    this.pool = pool;
    this.replica = replica;
    this.outcome = outcome;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int read() throws IOException {
    checkDeadline();
    int b = super.read();
    if (b < 0) end(outcome);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    checkDeadline();
    int n = super.read(buf, off, len);
    if (n < 0) end(outcome);
    return n;
  }

  private void checkDeadline() throws HttpTimeoutException {
    if (System.nanoTime() - deadlineNanos > 0) {
      end(Outcome.TIMEOUT);
      throw new HttpTimeoutException("origin " + replica.id() + " did not finish the response within the total timeout");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      // The status already told how the replica did; a body cut short by the client says nothing more.
      end(outcome);
    }
  }

  private void end(Outcome o) {
    if (reported.compareAndSet(false, true)) pool.report(replica, o);
  }
}
