package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.Replica;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica's response body that ends the attempt in its pool exactly once, with the outcome its
 * status gave, at the end of the body or on close (so least connections counts a request until its
 * body is read). At the attempt's total deadline the body is cut off: a read blocked on a stalled
 * replica, and every later read, fails with {@link HttpTimeoutException}, and the attempt ends as a timeout.
 */
final class AttemptBody extends FilterInputStream {
  private final Pool pool;
  private final Replica replica;
  private final Outcome outcome;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ScheduledFuture<?> deadline;
  private volatile boolean expired;

  AttemptBody(InputStream in, Pool pool, Replica replica, Outcome outcome, long deadlineNanos,
      ScheduledExecutorService timer) {
    super(in);
    this.pool = pool;
    this.replica = replica;
    this.outcome = outcome;
    this.deadline = timer.schedule(this::expire, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b < 0) end(outcome);
      return b;
    } catch (IOException e) {
      throw expired ? timeout() : e;
    }
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    try {
      int n = super.read(buf, off, len);
      if (n < 0) end(outcome);
      return n;
    } catch (IOException e) {
      throw expired ? timeout() : e;
    }
  }

  private void expire() {
    expired = true;
    end(Outcome.TIMEOUT);
    try {
      // Closing the body from here unblocks a reader stuck on the replica (it sees an IOException).
      in.close();
    } catch (IOException ignored) {
      // Already broken: the reader will fail anyway.
    }
  }

  private HttpTimeoutException timeout() {
    return new HttpTimeoutException("origin " + replica.id() + " did not finish the response within the total timeout");
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
    if (ended.compareAndSet(false, true)) {
      deadline.cancel(false);
      pool.report(replica, o);
    }
  }
}
