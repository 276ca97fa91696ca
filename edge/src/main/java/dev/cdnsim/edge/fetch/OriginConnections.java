package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.io.IoThreadLocal;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.util.WorkerUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.ssl.XnioSsl;

/**
 * Keep-alive HTTP/1.1 connections to origin replicas for passed requests, kept apart per Undertow I/O thread:
 * a request uses only connections of the thread that accepted it, so it never waits on a lock or wakes another
 * thread (nginx keeps its upstream keepalive cache per worker the same way). Every method runs on that I/O
 * thread, except {@link #close()}.
 */
public final class OriginConnections implements AutoCloseable {
  /** Idle connections kept per I/O thread and replica; more are closed when they come back. */
  static final int MAX_IDLE = 100;
  private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);
  /** Over TLS the replica's certificate must name the host of its URL, as a browser checks (RFC 9110 §4.3.4). */
  private static final OptionMap TLS_OPTIONS = OptionMap.builder().addAll(OPTIONS)
      .set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS").getMap();

  /** One replica of one pool (pools may reach one replica with different TLS settings). */
  static final class Target {
    final Replica replica;
    final URI uri;
    /** The replica base URL's path without a trailing "/", prefixed to every request target. */
    final String basePath;
    final XnioSsl ssl;
    private final IoThreadLocal<ArrayDeque<ReplicaConnection>> idle;

    private Target(Replica replica, XnioSsl ssl, OriginConnections owner) {
      this.replica = replica;
      this.uri = replica.base();
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      this.ssl = ssl;
      this.idle = new IoThreadLocal<>(() -> {
        ArrayDeque<ReplicaConnection> d = new ArrayDeque<>();
        owner.every.add(new ThreadIdle((XnioIoThread) Thread.currentThread(), d));
        return d;
      });
    }

    @Override
    public String toString() {
      return replica.id() + "=" + uri;
    }
  }

  /** What {@link #acquire} calls back, on the requesting I/O thread. */
  interface Connected {
    /** {@code reused}: an idle keep-alive connection (it may have been closed by the replica meanwhile). */
    void connected(ReplicaConnection connection, boolean reused);

    /** No connection: {@code timedOut} when the connect timeout passed, else why in {@code e}. */
    void failed(IOException e, boolean timedOut);
  }

  private record ThreadIdle(XnioIoThread thread, ArrayDeque<ReplicaConnection> connections) {}

  private final Map<Pool, Map<Replica, Target>> targets = new HashMap<>();
  /** Every thread's idle deque, so that {@link #close()} can reach them. */
  private final Queue<ThreadIdle> every = new ConcurrentLinkedQueue<>();
  /** Each I/O thread's work put off to the end of its round of events. */
  private final IoThreadLocal<RoundEnd> roundEnds =
      new IoThreadLocal<>(() -> new RoundEnd((XnioIoThread) Thread.currentThread()));
  private volatile boolean closed;

  /** Connections for the replicas of {@code pools}; an https pool's TLS context comes from the pool. */
  public OriginConnections(List<Pool> pools) {
    Xnio xnio = Xnio.getInstance(OriginConnections.class.getClassLoader());
    for (Pool p : pools) {
      XnioSsl ssl = usesHttps(p) ? new UndertowXnioSsl(xnio, OptionMap.EMPTY, p.sslContext().orElseGet(
          OriginConnections::jdkDefault)) : null;
      Map<Replica, Target> byReplica = new HashMap<>();
      for (Replica r : p.config().replicas()) {
        boolean https = r.base().getScheme().toLowerCase(Locale.ROOT).equals("https");
        byReplica.put(r, new Target(r, https ? ssl : null, this));
      }
      targets.put(p, byReplica);
    }
  }

  private static boolean usesHttps(Pool p) {
    return p.config().usesHttps();
  }

  private static SSLContext jdkDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }

  /** The connections to {@code replica} of {@code pool}. */
  Target target(Pool pool, Replica replica) {
    Target t = targets.get(pool).get(replica);
    if (t == null) throw new IllegalArgumentException(replica + " is not in pool " + pool.name());
    return t;
  }

  /**
   * Calls back {@code then} with an idle connection to {@code target} of the current I/O thread, or (none, or
   * {@code fresh}) a new one opened on that thread within {@code connectTimeoutMillis}.
   */
  void acquire(Target target, XnioIoThread thread, ByteBufferPool buffers, long connectTimeoutMillis, boolean fresh,
      Connected then) {
    if (!fresh) {
      ArrayDeque<ReplicaConnection> idle = target.idle.get();
      for (ReplicaConnection c; (c = idle.pollLast()) != null; ) {
        if (c.isOpen()) {
          then.connected(c, true);
          return;
        }
      }
    }
    new Connecting(then, roundEnds.get()).start(target, thread, buffers, connectTimeoutMillis);
  }

  /** One connect, ended exactly once: by the connection, its failure or the timeout. */
  private static final class Connecting implements Runnable {
    private final Connected then;
    private final RoundEnd roundEnd;
    private XnioExecutor.Key timeout;
    private boolean over;

    Connecting(Connected then, RoundEnd roundEnd) {
      this.then = then;
      this.roundEnd = roundEnd;
    }

    void start(Target target, XnioIoThread thread, ByteBufferPool buffers, long timeoutMillis) {
      timeout = WorkerUtils.executeAfter(thread, this, timeoutMillis, TimeUnit.MILLISECONDS);
      try {
        URI uri = target.uri;
        int port = uri.getPort() != -1 ? uri.getPort() : target.ssl != null ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        IoFuture<? extends StreamConnection> connecting = target.ssl == null
            ? thread.openStreamConnection(address, c -> completed(c, buffers), OPTIONS)
            : target.ssl.openSslConnection(thread, address, c -> completed(c, buffers), TLS_OPTIONS);
        connecting.addNotifier((future, nothing) -> {
          if (future.getStatus() == IoFuture.Status.FAILED) failed(future.getException());
        }, null);
      } catch (RuntimeException e) {
        failed(new IOException(e.getMessage(), e));
      }
    }

    private void completed(StreamConnection connection, ByteBufferPool buffers) {
      if (over) {
        IoUtils.safeClose(connection);   // late, after the timeout: nobody wants it
        return;
      }
      over = true;
      timeout.remove();
      then.connected(new ReplicaConnection(connection, buffers, roundEnd), false);
    }

    void failed(IOException e) {
      if (over) return;
      over = true;
      if (timeout != null) timeout.remove();
      then.failed(e, false);
    }

    /** The connect timeout. A connect still pending in the kernel is closed when it completes. */
    @Override
    public void run() {
      if (over) return;
      over = true;
      then.failed(new IOException("connect timed out"), true);
    }
  }

  /** Hands back a connection whose last exchange has ended completely; a closed one is dropped. */
  void release(Target target, ReplicaConnection connection) {
    if (closed || !connection.reusable()) {
      connection.close();
      return;
    }
    connection.idle();
    ArrayDeque<ReplicaConnection> idle = target.idle.get();
    // The oldest idle connection goes first: the newest ones are reused first and stay warm.
    if (idle.size() >= MAX_IDLE) idle.pollFirst().close();
    idle.addLast(connection);
  }

  /** Closes every idle connection (on its own I/O thread); connections in use close when their exchange ends. */
  @Override
  public void close() {
    closed = true;
    for (ThreadIdle t : every) {
      try {
        t.thread().execute(() -> {
          for (ReplicaConnection c; (c = t.connections().pollFirst()) != null; ) c.close();
        });
      } catch (RejectedExecutionException stopped) {
        // The I/O thread has stopped, and closed its channels with it.
      }
    }
  }

  @Override
  public String toString() {
    return "OriginConnections" + targets.values();
  }
}
