package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.RegionTraffic;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The dashboard of a running topology: a self-contained page at {@code /} and its JSON API.
 * <ul>
 *   <li>{@code GET /api/state[?since=MILLIS]}: nodes, edge and region counters, and the history of samples</li>
 *   <li>{@code POST /api/nodes/{id}/stop}, {@code POST /api/nodes/{id}/start}</li>
 *   <li>{@code POST /api/purge} with a path as the body: {@code PURGE} on every edge</li>
 * </ul>
 * It listens on loopback only, because its buttons stop nodes. A sample is taken every second from
 * {@link #start()}, and the last {@value #HISTORY_SAMPLES} are kept, so a page opened late shows the recent past.
 */
public final class DashboardServer implements AutoCloseable {
  /** Where {@code cdnsim up} serves the dashboard unless told otherwise. */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 8090);
  static final int HISTORY_SAMPLES = 300;
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(DashboardServer.class.getName());

  private final Topology topology;
  private final InetSocketAddress listen;
  private final StateReader reader;
  private final History history = new History(HISTORY_SAMPLES);
  private Undertow server;
  private Purger purger;
  private ScheduledExecutorService sampler;
  private InetSocketAddress bound;

  /**
   * A dashboard of {@code topology}, not yet serving; its timestamps come from {@code clock}.
   *
   * @param traffic what the simulated users saw so far, by region ({@code Map::of} when there are none)
   * @param listen  a loopback address; port 0 picks a free port
   * @throws IllegalArgumentException if {@code listen} is not a loopback address
   */
  public DashboardServer(Topology topology, Supplier<Map<String, RegionTraffic>> traffic, InetSocketAddress listen,
      Clock clock) {
    this.topology = requireNonNull(topology, "topology");
    this.listen = requireNonNull(listen, "listen");
    if (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the dashboard can stop nodes, so it listens on loopback only, not on "
          + Topology.hostPort(listen));
    }
    this.reader = new StateReader(topology, requireNonNull(traffic, "traffic"), requireNonNull(clock, "clock"));
  }

  /** Binds and starts serving and sampling; throws {@link UncheckedIOException} naming the address on failure. */
  public synchronized DashboardServer start() {
    if (server != null) return this;
    ObjectMapper mapper = new ObjectMapper();
    JsonResponses json = new JsonResponses(mapper);
    purger = new Purger(topology, mapper);
    Undertow candidate = Undertow.builder()
        .addHttpListener(listen.getPort(), listen.getAddress().getHostAddress())
        .setIoThreads(1)
        .setWorkerThreads(4)
        .setHandler(routes(json))
        .build();
    try {
      candidate.start();
    } catch (RuntimeException e) {
      purger.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UncheckedIOException("dashboard: cannot listen on " + Topology.hostPort(listen) + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    server = candidate;
    bound = (InetSocketAddress) candidate.getListenerInfo().get(0).getAddress();
    sampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("dashboard-sampler")
        .unstarted(r));
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The request path: the loopback guard, then the API (off the I/O thread, as it may block), then the page. */
  private HttpHandler routes(JsonResponses json) {
    HttpHandler page = new ResourceHandler(new ClassPathResourceManager(DashboardServer.class.getClassLoader(),
        "dev/cdnsim/topology/dashboard/web/")).setWelcomeFiles("index.html");
    return new LocalOnlyHandler(Handlers.routing()
        .get("/api/state", new BlockingHandler(new StateHandler(reader, history, json)))
        .post("/api/nodes/{id}/{action}", new BlockingHandler(new NodeHandler(topology, json)))
        .post("/api/purge", new BlockingHandler(new PurgeHandler(purger, json)))
        .setFallbackHandler(page));
  }

  private void sample() {
    try {
      history.record(reader.read());
    } catch (RuntimeException e) {
      // An exception would cancel the schedule; one lost sample is only a gap in the charts.
      LOG.log(System.Logger.Level.WARNING, "dashboard: sampling failed: " + e);
    }
  }

  /** The port actually bound (useful after listening on port 0). */
  public synchronized int port() {
    if (bound == null) throw new IllegalStateException("the dashboard is not started");
    return bound.getPort();
  }

  /** The address actually bound. */
  public synchronized InetSocketAddress address() {
    if (bound == null) throw new IllegalStateException("the dashboard is not started");
    return bound;
  }

  /** Stops serving and sampling and frees the port; the topology keeps running. Idempotent. */
  @Override
  public synchronized void close() {
    if (sampler != null) sampler.shutdownNow();
    if (server != null) server.stop();
    if (purger != null) purger.close();
    sampler = null;
    server = null;
    purger = null;
  }


  @Override
  public String toString() {
    return "DashboardServer{" + Topology.hostPort(bound != null ? bound : listen) + "}";
  }
}
