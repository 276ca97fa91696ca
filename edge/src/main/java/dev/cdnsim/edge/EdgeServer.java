package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.admin.AdminAccess;
import dev.cdnsim.edge.admin.AdminHandler;
import dev.cdnsim.edge.admin.ScrapeHandler;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.PoolStats;
import dev.cdnsim.edge.cache.BodyStorage;
import dev.cdnsim.edge.cache.CacheHandler;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.fetch.CollapsingFetcher;
import dev.cdnsim.edge.fetch.FetchConfig;
import dev.cdnsim.edge.fetch.HttpProbe;
import dev.cdnsim.edge.fetch.OriginClient;
import dev.cdnsim.edge.fetch.OriginConnections;
import dev.cdnsim.edge.fetch.OriginFetchHandler;
import dev.cdnsim.edge.fetch.PassThrough;
import dev.cdnsim.edge.listen.Listener;
import dev.cdnsim.edge.listen.ListenerSettings;
import dev.cdnsim.edge.listen.RefusedRequests;
import dev.cdnsim.edge.observe.AccessLog;
import dev.cdnsim.edge.observe.AccessLogFormat;
import dev.cdnsim.edge.observe.AccessLogHandler;
import dev.cdnsim.edge.observe.AccessRecord;
import dev.cdnsim.edge.observe.EdgeCounters;
import dev.cdnsim.edge.observe.EdgeMetrics;
import dev.cdnsim.edge.observe.ErrorWriter;
import dev.cdnsim.edge.observe.StatsHandler;
import dev.cdnsim.edge.route.RouteHandler;
import dev.cdnsim.edge.route.Upstreams;
import dev.cdnsim.edge.tls.HttpsListener;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * A caching reverse proxy in front of origin replicas: fresh hits are answered on Undertow's I/O threads
 * from stored bytes, and passed requests are proxied there too; misses and revalidations run on virtual
 * threads. Start with {@link #start()}, stop with {@link #close()}.
 */
public final class EdgeServer implements AutoCloseable {
  /** Requests whose header fields add up to more than this get 431 (nginx's default large buffers hold 32 KiB). */
  static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;
  /** Undertow's own default: 16 KiB, less room for protocol headers (UNDERTOW-1209). */
  private static final int BUFFER_BYTES = 16 * 1024 - 20;
  /** Free buffers the pool keeps for reuse; more are released at once. */
  private static final int POOLED_BUFFERS = 1024;
  private final EdgeConfig config;
  private final EdgeOptions options;
  private final Clock clock;
  private final EdgeCounters counters = new EdgeCounters();
  private final ResponseCache cache;
  private XnioWorker worker;
  private Listener server;
  private HttpsListener https;
  /** Set by {@link #shutdown}: requests that arrive while the edge drains are answered with Connection: close. */
  private volatile boolean draining;
  private Upstreams upstreams;
  private OriginClient client;
  private OriginConnections connections;
  private ExecutorService workers;
  private AccessLog accessLog;
  private InetSocketAddress bound;

  public EdgeServer(EdgeConfig config, Clock clock) {
    this(config, EdgeOptions.defaults(), clock);
  }

  public EdgeServer(EdgeConfig config, EdgeOptions options, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    // Caffeine's upkeep (draining its read and write buffers, eviction) runs on the thread that triggers it, as
    // Caffeine allows with Runnable::run: I/O threads only ever tryLock it, so no hit waits. Handed to a pool it
    // cost a thread switch each time, and on a busy CPU reads piled up and were dropped from the frequency sketch
    // meanwhile: interleaved A/B on one CPU, 1 KiB hits +10-22 %, 100 KiB +4 %, the Zipf miss test +15 % requests/s
    // (docs/benchmarks.md run AA).
    this.cache = new ResponseCache(config.cacheMaxBytes(), options.policy(), Runnable::run,
        BodyStorage.forCache(config.cacheMaxBytes(), options.bodyDirectory()));
  }

  /**
   * Binds the listen address (and the HTTPS one, if any) and starts serving; throws {@link UncheckedIOException}
   * naming the address, or the certificate file and its problem, on failure.
   */
  public synchronized EdgeServer start() {
    if (server != null) return this;
    if (options.accessLog().isPresent()) {
      try {
        accessLog = AccessLog.open(options.accessLog().get());
      } catch (IOException e) {
        throw startFailed(e.getMessage(), e);
      }
    }
    workers = Executors.newVirtualThreadPerTaskExecutor();
    // Seeded by the edge's id: a given edge spreads its randomised choices the same way on every run.
    try {
      upstreams = Upstreams.start(config.balancer(), clock, new SplittableRandom(config.id().hashCode()),
          new HttpProbe(), config.id());
    } catch (UncheckedIOException e) { // a pool's CA file or client certificate, named in the message
      throw startFailed(e.getMessage(), e.getCause());
    }
    client = new OriginClient(upstreams, counters, clock);
    connections = new OriginConnections(upstreams.pools());
    InetSocketAddress listen = config.listen();
    HttpHandler requestPath = requestPath();
    ListenerSettings settings = listenerSettings();
    try {
      worker = startWorker(options.effectiveIoThreads());
      // The same request path (and so the same cache and collapsing) behind HTTPS, on the same I/O threads; started
      // first, so that once the plain port answers health checks the HTTPS one does too.
      if (options.https().isPresent()) {
        https = HttpsListener.start(options.https().get(), clock, requestPath, worker, settings);
      }
    } catch (UncheckedIOException e) {
      throw startFailed(e.getMessage(), e.getCause());
    }
    try {
      server = Listener.http(worker, listen, requestPath, settings);
    } catch (IOException e) {
      throw startFailed("cannot listen on " + Listener.hostPort(listen) + ": " + e.getMessage(), e);
    }
    bound = server.address();
    return this;
  }

  /** Closes what {@link #start()} had opened; the failure to throw, its message naming this edge. */
  private UncheckedIOException startFailed(String message, IOException cause) {
    close();
    return new UncheckedIOException("edge " + config.id() + ": " + message, cause);
  }

  /**
   * The event loops, ours rather than Undertow's so that stopping the listeners leaves open connections running
   * ({@link #shutdown}); with the options Undertow gives the worker it makes itself.
   */
  private static XnioWorker startWorker(int ioThreads) {
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
          .set(Options.WORKER_IO_THREADS, ioThreads)
          .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
          .set(Options.CONNECTION_LOW_WATER, 1_000_000)
          .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
          .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
          .set(Options.TCP_NODELAY, true)
          .set(Options.CORK, true)
          .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the event loops: " + e.getMessage(), e);
    }
  }

  private ListenerSettings listenerSettings() {
    int clientTimeoutMillis = (int) options.clientTimeout().toMillis();
    OptionMap undertow = OptionMap.builder()
        // A connection with no request for this long, or a request head not whole after it, is closed: otherwise a
        // client that connects and sends nothing (or a head a byte a minute) holds a connection forever.
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, clientTimeoutMillis)
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, clientTimeoutMillis)
        // Past this Undertow's parser gives a bare 400; up to it, HeaderLimitHandler answers 431 above 64 KiB.
        .set(UndertowOptions.MAX_HEADER_SIZE, 4 * MAX_REQUEST_HEADER_BYTES)
        // Request bodies of any size stream through to the origin (Undertow refuses those over 2 MiB by default).
        .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
        .getMap();
    // And one whose answer stops going out for this long: a client that stopped reading (nginx's send_timeout).
    OptionMap socket = OptionMap.create(Options.WRITE_TIMEOUT, clientTimeoutMillis);
    // Buffers kept per platform (I/O) thread and in one shared queue, never per virtual thread (BufferPool).
    // The queue keeps up to POOLED_BUFFERS (16 MiB): keeping none would have every buffer malloc'ed, zeroed
    // (16 KiB) and freed again, which took a sixth of a pass-through edge's CPU.
    BufferPool buffers = new BufferPool(BUFFER_BYTES, POOLED_BUFFERS);
    // A PROXY header not whole within the client timeout closes the connection, as an unfinished request head does.
    return new ListenerSettings(undertow, socket, buffers, options.proxyProtocol(), clientTimeoutMillis, refusals());
  }

  /** A line in the access log for each request the listeners refuse before the request path sees it. */
  private RefusedRequests refusals() {
    AccessLog log = accessLog;
    if (log == null) return RefusedRequests.NONE;
    AccessLogFormat format = new AccessLogFormat();
    return (client, requestLine, status, bodyBytes) ->
        log.log(format.line(AccessRecord.refused(client, clock.instant(), requestLine, status, bodyBytes)));
  }

  /** The request path, outermost first, in the order a request meets it. */
  private HttpHandler requestPath() {
    StoredResponseWriter writer = new StoredResponseWriter(config.id());
    ErrorWriter errors = new ErrorWriter(config.id());
    FetchConfig fetch = new FetchConfig(config.originTimeout(), options.maxObjectBytes(), options.heuristicCap(),
        options.collapseWait() == null ? config.originTimeout() : options.collapseWait(), options.hitForMissTtl(),
        writer.via(), options.clientTimeout());
    CollapsingFetcher fetcher = new CollapsingFetcher(client, cache, fetch, clock, workers);
    PassThrough pass = new PassThrough(upstreams, connections, counters, cache, fetch, writer, errors);
    OriginFetchHandler origin = new OriginFetchHandler(fetcher, pass, fetch, writer, errors, clock, workers);
    // Behind PROXY protocol a client's address is what its header says: loopback proves nothing.
    AdminAccess access = new AdminAccess(options.adminToken(), !options.proxyProtocol());
    AccessLog log = accessLog;
    EdgeMetrics metrics = new EdgeMetrics(config.id(), counters, cache, upstreams::pools, fetcher::waiting,
        () -> log == null ? 0 : log.dropped());
    List<HandlerWrapper> handlers = new ArrayList<>();
    // Outermost, so that the edge's own refusals are logged too; without a log, no handler and no cost.
    if (log != null) handlers.add(next -> new AccessLogHandler(log, clock, System::nanoTime, next));
    handlers.addAll(List.of(
        next -> exchange -> {
          if (draining) exchange.setPersistent(false);
          next.handleRequest(exchange);
        },
        next -> new HeaderLimitHandler(MAX_REQUEST_HEADER_BYTES, next),
        next -> new StatsHandler(counters, next),
        next -> new RequestTargetHandler(errors, next),
        next -> new ScrapeHandler(access, metrics.registry(), next),
        next -> new AdminHandler(config.id(), access, cache, counters, clock, upstreams::statsJson, next)));
    // Without pass routes every request goes to the cache, so hits are spared the route lookup.
    if (config.balancer().hasPassRoutes()) handlers.add(next -> new RouteHandler(upstreams.routes(), origin, next));
    handlers.add(next -> new CacheHandler(cache, writer, errors, fetcher, clock, next));
    return chain(handlers, origin);
  }

  private static HttpHandler chain(List<HandlerWrapper> outerToInner, HttpHandler last) {
    HttpHandler h = last;
    for (int i = outerToInner.size() - 1; i >= 0; i--) h = outerToInner.get(i).wrap(h);
    return h;
  }

  /** The port actually bound (useful after listening on port 0). */
  public synchronized int port() {
    if (bound == null) throw new IllegalStateException("edge " + config.id() + " is not started");
    return bound.getPort();
  }

  /** The HTTPS port actually bound; empty when the edge has no HTTPS listener. */
  public synchronized OptionalInt httpsPort() {
    return https == null ? OptionalInt.empty() : OptionalInt.of(https.port());
  }

  public EdgeStats stats() {
    return counters.snapshot();
  }

  /** Each pool's counters and its replicas' health, as {@code /_edge/stats} shows them; empty unless started. */
  public synchronized List<PoolStats> poolStats() {
    return upstreams == null ? List.of() : upstreams.pools().stream().map(Pool::stats).toList();
  }

  /** Requests received and not yet answered (a gauge; admin routes included). */
  public long inFlightRequests() {
    return counters.inFlight();
  }

  /** Opens the access log file again by its name, after logrotate moved it (see {@link AccessLog#reopen()}). */
  public synchronized void reopenAccessLog() {
    if (accessLog != null) accessLog.reopen();
  }

  /** The cache, for byte accounting in reports and tests. */
  public ResponseCache cache() {
    return cache;
  }

  /**
   * Stops gracefully, as nginx's {@code quit}: stops listening at once (the ports are free), answers what arrives on
   * open connections with {@code Connection: close}, waits up to {@code grace} for the requests in flight to finish,
   * then closes whatever is left. Returns whether every request finished in time.
   */
  public boolean shutdown(Duration grace) {
    HttpsListener tls;
    synchronized (this) {
      if (server == null) return true;
      draining = true;
      server.close();   // the listener alone: the worker is ours
      tls = https;
    }
    if (tls != null) tls.close();
    long deadline = System.nanoTime() + grace.toNanos();
    boolean finished;
    while (!(finished = counters.inFlight() == 0) && System.nanoTime() < deadline) LockSupport.parkNanos(5_000_000);
    close();
    return finished;
  }

  /** Stops listening, frees the port, closes every connection and the origin client at once; idempotent. */
  @Override
  public synchronized void close() {
    if (https != null) https.close();
    https = null;
    if (connections != null) connections.close();
    connections = null;
    if (server != null) server.close();
    server = null;
    if (worker != null) {
      worker.shutdownNow();   // the client connections, in flight or idle
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    worker = null;
    if (client != null) client.close();
    client = null;
    if (upstreams != null) upstreams.close();
    upstreams = null;
    if (workers != null) workers.shutdownNow();
    workers = null;
    if (accessLog != null) accessLog.close();   // after the server: the last requests' lines are in
    accessLog = null;
  }

  @Override
  public String toString() {
    return "EdgeServer{" + config.id() + " " + (bound != null ? bound : config.listen()) + "}";
  }
}
