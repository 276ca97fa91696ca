package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * A response body stream, written by a blocking thread, whose every write, flush and close must return within the
 * client timeout: one that blocks longer (a client that stopped reading) has the exchange's connection closed, which
 * ends the blocked call with an error and lets the exchange, and the fill behind it, go. Over HTTP/2 a stream's
 * writes wait on the client's flow-control window, where the socket's write timeout never runs; nginx's
 * {@code send_timeout} closes the connection too. HTTP/1.x connections need none: {@code listen.SendTimeout} under
 * their writes cuts them already, with no timer set per write ({@link #around}). A client that reads slowly but
 * steadily is not cut unless one write of at most 16 KiB takes it longer than the timeout (60 s by default: under
 * 270 bytes/s).
 */
final class StallCut extends OutputStream implements Runnable {
  private final OutputStream out;
  private final HttpServerExchange exchange;
  private final long timeoutMillis;
  /** The timer of the call under way; only the writing thread sets and removes it. */
  private XnioExecutor.Key timer;

  /**
   * {@code out}, the body stream of {@code exchange}, with its calls timed: as it is on an HTTP/1.x connection, which
   * the edge's listeners give a {@code listen.SendTimeout}; in a {@code StallCut} otherwise (HTTP/2).
   */
  static OutputStream around(OutputStream out, HttpServerExchange exchange, long timeoutMillis) {
    return exchange.getConnection() instanceof HttpServerConnection ? out : new StallCut(out, exchange, timeoutMillis);
  }

  private StallCut(OutputStream out, HttpServerExchange exchange, long timeoutMillis) {
    this.out = requireNonNull(out, "out");
    this.exchange = requireNonNull(exchange, "exchange");
    if (timeoutMillis <= 0) throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    timed(() -> out.write(b, off, len));
  }

  @Override
  public void flush() throws IOException {
    timed(out::flush);
  }

  /** Closing sends what is left and ends the body: it may wait on the client too. */
  @Override
  public void close() throws IOException {
    timed(out::close);
  }

  private interface Call {
    void run() throws IOException;
  }

  /** Runs {@code call} with the timer armed for its whole length. */
  private void timed(Call call) throws IOException {
    arm();
    try {
      call.run();
    } finally {
      disarm();
    }
  }

  private void arm() {
    try {
      timer = exchange.getIoThread().executeAfter(this, timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      timer = null;   // the worker is shutting down, and closes its connections with it
    }
  }

  private void disarm() {
    if (timer != null) timer.remove();
    timer = null;
  }

  /** The timer: a call has waited on the client for the whole timeout. */
  @Override
  public void run() {
    IoUtils.safeClose(exchange.getConnection());
  }
}
