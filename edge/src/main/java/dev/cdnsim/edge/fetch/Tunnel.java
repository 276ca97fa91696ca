package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * A client connection and a replica connection that switched protocols together (a WebSocket, say), joined: the
 * bytes of each go to the other as they come, on the connections' I/O thread, by a {@link Pump} each way (a pooled
 * buffer only while bytes move, flushed whenever its source pauses). When the client ends its stream, the replica's
 * writes are shut down (TCP's half-close passed on: the replica may still answer); when the replica ends its stream,
 * the rest goes to the client and both connections close, as nginx ends an upgraded connection when its upstream
 * does. Either way failing closes both at once. A replica silent for the pool's first-byte timeout ({@code
 * --origin-timeout}) has the tunnel closed, as nginx's {@code proxy_read_timeout} closes a quiet WebSocket: its
 * timer fires once per timeout and looks at when the replica last sent anything.
 */
final class Tunnel {
  private final StreamConnection client;
  private final ReplicaConnection replica;
  private final Pump up;
  private final Pump down;
  private final long quietNanos;
  /** When the replica last sent bytes (or the tunnel opened), as {@code System.nanoTime()}. */
  private long replicaSpoke = System.nanoTime();
  private XnioExecutor.Key quietTimer;
  private boolean closed;

  private Tunnel(StreamConnection client, StreamSourceChannel fromReplica, ReplicaConnection replica,
      ByteBufferPool buffers, long quietNanos) {
    this.client = requireNonNull(client, "client");
    this.replica = requireNonNull(replica, "replica");
    this.quietNanos = quietNanos;
    StreamSinkChannel toReplica = replica.switchedSink();
    StreamSinkChannel toClient = client.getSinkChannel();
    // The client's end: the replica's writes shut down, the tunnel open for the rest of the replica's side.
    this.up = new Pump(client.getSourceChannel(), toReplica, buffers, new Ending(() -> endWrites(toReplica, () -> { })));
    this.down = new Pump(fromReplica, toClient, buffers, new Ending(() -> endWrites(toClient, this::close)) {
      @Override
      public void read(int n) {
        replicaSpoke = System.nanoTime();
      }
    });
  }

  /**
   * Joins {@code client} to {@code replica}, whose bytes after its 101 come from {@code fromReplica} (with any read
   * along with the head first), until either ends or the replica is silent for {@code quiet}; call on their I/O
   * thread.
   */
  static void start(StreamConnection client, StreamSourceChannel fromReplica, ReplicaConnection replica,
      ByteBufferPool buffers, Duration quiet) {
    Tunnel t = new Tunnel(client, fromReplica, replica, buffers, quiet.toNanos());
    t.up.start();
    t.down.start();
    t.watchQuiet(t.quietNanos);
  }

  /** Looks again in {@code nanos}: closes the tunnel if the replica has been silent for the whole timeout. */
  private void watchQuiet(long nanos) {
    if (closed) return;
    quietTimer = client.getIoThread().executeAfter(() -> {
      long quiet = System.nanoTime() - replicaSpoke;
      if (quiet >= quietNanos) close();
      else watchQuiet(quietNanos - quiet);
    }, nanos, TimeUnit.NANOSECONDS);
  }

  /** Shuts {@code sink}'s writes down and runs {@code then} once that is flushed; a failure closes the tunnel. */
  private void endWrites(StreamSinkChannel sink, Runnable then) {
    try {
      sink.shutdownWrites();
      if (sink.flush()) {
        then.run();
        return;
      }
      sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(flushed -> then.run(), (ch, e) -> close()));
      sink.resumeWrites();
    } catch (IOException e) {
      close();
    }
  }

  private void close() {
    if (closed) return;
    closed = true;
    if (quietTimer != null) quietTimer.remove();
    up.stop();
    down.stop();
    IoUtils.safeClose(client);
    replica.close();
  }

  /** A way's events: its end runs {@code ended}; a failure on either side closes the tunnel. */
  private class Ending implements Pump.Events {
    private final Runnable ended;

    Ending(Runnable ended) {
      this.ended = ended;
    }

    @Override
    public void read(int n) {}

    @Override
    public void finished() {
      if (!closed) ended.run();
    }

    @Override
    public void readFailed(IOException e) {
      close();
    }

    @Override
    public void writeFailed(IOException e) {
      close();
    }
  }
}
