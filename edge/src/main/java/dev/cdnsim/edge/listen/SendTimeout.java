package dev.cdnsim.edge.listen;

import dev.cdnsim.edge.io.WriteThenEndConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.Buffers;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Closes a connection whose answer has stopped going out: bytes waited to be written (the client's receive window
 * full) and none went for the timeout (nginx's {@code send_timeout}). Under an HTTP/1.1 connection's writes, in the
 * clear or under TLS, in place of {@link Options#WRITE_TIMEOUT}. With that option, a client over TLS that stopped
 * reading an answer streamed from the origin held its connection and the edge's fill for good
 * ({@code StalledTlsClientIntegrationTest}); and XNIO and Undertow read the clock on every write, and Undertow looks
 * the timeout up in two option maps too. Here a write that goes out whole, nearly every one, costs a field read; the
 * clock is read only while bytes wait.
 *
 * <p>Writes may come from the connection's I/O thread or from a thread blocked in a stream write (a virtual thread
 * streaming a body); the timer runs on the I/O thread. A blocked writer waits at most the timeout before it writes
 * again, and finds its connection closed once the timer has closed it.
 */
final class SendTimeout extends WriteThenEndConduit implements Runnable {
  /** How much longer than the timeout a blocked writer waits before it looks again (Undertow's conduit: 50 ms). */
  private static final long AWAIT_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final StreamConnection connection;
  private final long timeoutNanos;
  /** Whether the last write left bytes waiting: only then does the timer count. */
  private volatile boolean waiting;
  /** When a write last moved bytes while some were waiting (System.nanoTime); guarded by this. */
  private long lastProgress;
  /** The timer, while armed; guarded by this. */
  private XnioExecutor.Key timer;

  private SendTimeout(StreamSinkConduit next, StreamConnection connection, long timeoutMillis) {
    super(next);
    this.connection = connection;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /**
   * An open listener that moves each connection's write timeout, if it has one, from its {@link Options#WRITE_TIMEOUT}
   * option (which XNIO and Undertow check on every write) to a {@code SendTimeout} under its writes, then hands the
   * connection to {@code next}.
   */
  static final class Installing extends ForwardingOpenListener {
    Installing(DelegateOpenListener next) {
      super(next);
    }

    @Override
    public void handleEvent(StreamConnection connection) {
      handleEvent(connection, null);
    }

    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer additionalData) {
      try {
        Integer millis = connection.getOption(Options.WRITE_TIMEOUT);
        if (millis != null && millis > 0) {
          connection.setOption(Options.WRITE_TIMEOUT, 0);
          var sink = connection.getSinkChannel();
          sink.setConduit(new SendTimeout(sink.getConduit(), connection, millis));
        }
      } catch (IOException e) {
        IoUtils.safeClose(connection);   // as Undertow's open listener does when it can't read the options
        if (additionalData != null) additionalData.close();
        return;
      }
      ((DelegateOpenListener) next).handleEvent(connection, additionalData);
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = next.write(src);
    after(n > 0, src.hasRemaining());
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = next.write(srcs, offset, length);
    after(n > 0, Buffers.hasRemaining(srcs, offset, length));
    return n;
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    long n = next.transferFrom(src, position, count);
    after(n > 0, n < count);
    return n;
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
    long n = next.transferFrom(source, count, throughBuffer);
    after(n > 0, throughBuffer.hasRemaining());
    return n;
  }

  @Override
  public boolean flush() throws IOException {
    boolean done = next.flush();
    after(false, !done);
    return done;
  }

  /**
   * Waits at most the timeout (and a little): a writer blocked here (a virtual thread's stream write) then writes
   * again, and finds its connection closed if the timer has closed it meanwhile.
   */
  @Override
  public void awaitWritable() throws IOException {
    next.awaitWritable(timeoutNanos + AWAIT_SLACK_NANOS, TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitWritable(long time, TimeUnit unit) throws IOException {
    next.awaitWritable(Math.min(unit.toNanos(time), timeoutNanos + AWAIT_SLACK_NANOS), TimeUnit.NANOSECONDS);
  }

  /** After a write: {@code moved} some bytes, and {@code left} some waiting (or none). */
  private void after(boolean moved, boolean left) {
    if (!left) {
      if (waiting) waiting = false;   // all went out: nothing waits on the client
      return;
    }
    synchronized (this) {
      if (moved || !waiting) lastProgress = System.nanoTime();
      waiting = true;
      if (timer == null) arm(timeoutNanos);
    }
  }

  /** Sets the timer {@code nanos} from now, in whole milliseconds (XNIO runs a shorter delay at once). */
  private void arm(long nanos) {
    try {
      timer = connection.getIoThread().executeAfter(this, Math.max(1, (nanos + 999_999) / 1_000_000),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // The worker is shutting down, and closes its connections with it.
    }
  }

  /** The timer: closes the connection if bytes have waited without progress for the timeout, else waits on. */
  @Override
  public void run() {
    synchronized (this) {
      timer = null;
      if (!waiting || !connection.isOpen()) return;
      long left = lastProgress + timeoutNanos - System.nanoTime();
      if (left > 0) {
        arm(left);
        return;
      }
    }
    IoUtils.safeClose(connection);
  }

  @Override
  public void truncateWrites() throws IOException {
    cancel();
    super.truncateWrites();
  }

  /** The writes were cut off: nothing will wait any more, and the timer goes (a closed connection's would return). */
  private void cancel() {
    synchronized (this) {
      waiting = false;
      if (timer != null) {
        timer.remove();
        timer = null;
      }
    }
  }
}
