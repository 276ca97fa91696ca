package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.util.function.Supplier;
import org.xnio.ChannelListener;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * Copies a body from a source channel to a sink channel on their I/O thread without blocking and without
 * holding more than one pooled buffer: it reads while the sink keeps up and waits for the sink (reads
 * suspended) when it does not, so a body of any size streams through in constant memory; whenever the source has
 * nothing more for now, it flushes the sink and holds no buffer until the source has more. It does not end the
 * sink: {@link Events#finished()} says the source has ended and every byte was written.
 *
 * <p>A pump {@linkplain #openingAtFirstBytes opening its sink at the first bytes} reads before it has one: the sink
 * is asked for only once the source has yielded bytes (or ended), so what goes ahead of them (a response head)
 * goes out with them, in one system call and one segment, and until then nothing is committed: a source that fails
 * first fails before anything was sent. nginx likewise holds output smaller than {@code postpone_output}. For a body
 * of declared length, whose head alone tells the client nothing it can act on; a stream that may pause before its
 * first bytes (an event stream, a tunnel) is given its sink at once.
 */
final class Pump implements ChannelListener<Channel> {
  /** What a pump reports, on the I/O thread; after {@code finished} or a failure it reports nothing more. */
  interface Events {
    /** {@code n} bytes were read from the source. */
    void read(int n);

    /** The source ended and everything read was written. */
    void finished();

    /** Reading the source failed. */
    void readFailed(IOException e);

    /** Writing to the sink failed. */
    void writeFailed(IOException e);
  }

  private final StreamSourceChannel source;
  /** Null until {@link #opener} gives it, at the source's first bytes. */
  private StreamSinkChannel sink;
  private final Supplier<StreamSinkChannel> opener;
  private final ByteBufferPool buffers;
  private final Events events;
  private PooledByteBuffer pooled;
  /** Whether the buffer holds bytes read and not written yet (flipped for writing). */
  private boolean pending;
  /** Whether the sink holds written bytes it could not flush yet: then the pump waits for the sink. */
  private boolean flushing;
  private boolean over;

  Pump(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool buffers, Events events) {
    this(source, requireNonNull(sink, "sink"), null, buffers, events);
  }

  private Pump(StreamSourceChannel source, StreamSinkChannel sink, Supplier<StreamSinkChannel> opener,
      ByteBufferPool buffers, Events events) {
    this.source = requireNonNull(source, "source");
    this.sink = sink;
    this.opener = opener;
    this.buffers = requireNonNull(buffers, "buffers");
    this.events = requireNonNull(events, "events");
  }

  /** A pump that asks {@code opener} for its sink once the source has yielded its first bytes or ended. */
  static Pump openingAtFirstBytes(StreamSourceChannel source, Supplier<StreamSinkChannel> opener,
      ByteBufferPool buffers, Events events) {
    return new Pump(source, null, requireNonNull(opener, "opener"), buffers, events);
  }

  /** Whether the pump waits for the source (it has written everything it read), rather than for the sink. */
  boolean waitingForSource() {
    return !over && !pending && !flushing;
  }

  /** Starts copying at once; call on the channels' I/O thread. */
  void start() {
    source.getReadSetter().set(this);
    if (sink != null) sink.getWriteSetter().set(this);
    run();
  }

  @Override
  public void handleEvent(Channel channel) {
    run();
  }

  private void run() {
    if (over) return;
    if (pooled == null) pooled = buffers.allocate();
    ByteBuffer buffer = pooled.getBuffer();
    while (true) {
      if (pending) {
        try {
          sink.write(buffer);
        } catch (IOException e) {
          stop();
          events.writeFailed(e);
          return;
        }
        if (buffer.hasRemaining()) {   // the sink is full: wait for it, read nothing more meanwhile
          source.suspendReads();
          sink.resumeWrites();
          return;
        }
        pending = false;
      }
      buffer.clear();
      int n;
      try {
        n = source.read(buffer);
      } catch (IOException e) {
        stop();
        events.readFailed(e);
        return;
      }
      if (n < 0) {
        if (sink == null) sink = opener.get();   // an empty body: its sink still has its head to send
        stop();
        events.finished();
        return;
      }
      if (n == 0) {
        // Nothing to read yet: the empty buffer goes back to the pool (a quiet tunnel or event stream holds none;
        // the next read takes one), what was written goes out (a TLS or buffering sink may hold it until flushed, and
        // a stream that pauses must not pause with it), then wait for the source.
        free();
        if (sink == null) {   // nothing to send yet, and nothing to flush
          source.resumeReads();
          return;
        }
        boolean flushed;
        try {
          flushed = sink.flush();
        } catch (IOException e) {
          stop();
          events.writeFailed(e);
          return;
        }
        flushing = !flushed;
        if (!flushed) {
          source.suspendReads();
          sink.resumeWrites();
          return;
        }
        sink.suspendWrites();
        source.resumeReads();
        return;
      }
      buffer.flip();
      pending = true;
      if (sink == null) {
        sink = opener.get();
        sink.getWriteSetter().set(this);
      }
      events.read(n);
    }
  }

  /** Stops copying (nothing more is reported) and frees the buffer; the channels stay open. */
  void stop() {
    if (over) return;
    over = true;
    Channels.setReadListener(source, null);
    source.suspendReads();
    if (sink != null) {
      Channels.setWriteListener(sink, null);
      sink.suspendWrites();
    }
    free();
  }

  private void free() {
    if (pooled != null) {
      pooled.close();
      pooled = null;
    }
  }

  @Override
  public String toString() {
    return "Pump{" + source + " -> " + sink + (over ? ", over" : "") + "}";
  }
}
