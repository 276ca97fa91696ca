package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.Replica;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica's response body that ends the attempt in its pool exactly once, with the outcome its
 * status gave, at the end of the body or on close (so least connections counts a request until its
 * body is read). A replica that goes silent mid-body for the socket's read timeout (the pool's first-byte
 * timeout, {@link FillClient}) fails the read with {@link HttpTimeoutException}, and the attempt ends as a
 * timeout. A body whose bytes keep coming takes as long as it takes: a large object streamed to a slow client
 * is read only as fast as the client takes it.
 */
final class AttemptBody extends FilterInputStream {
  private final Pool pool;
  private final Replica replica;
  private final Outcome outcome;
  private final AtomicBoolean ended = new AtomicBoolean();

  AttemptBody(InputStream in, Pool pool, Replica replica, Outcome outcome) {
    super(in);
    this.pool = pool;
    this.replica = replica;
    this.outcome = outcome;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b < 0) end(outcome);
      return b;
    } catch (SocketTimeoutException e) {
      throw timedOut();
    }
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    try {
      int n = super.read(buf, off, len);
      if (n < 0) end(outcome);
      return n;
    } catch (SocketTimeoutException e) {
      throw timedOut();
    }
  }

  private HttpTimeoutException timedOut() {
    end(Outcome.TIMEOUT);
    return new HttpTimeoutException("origin " + replica.id() + " went silent mid-body for longer than its timeout");
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
    if (ended.compareAndSet(false, true)) pool.report(replica, o);
  }
}
