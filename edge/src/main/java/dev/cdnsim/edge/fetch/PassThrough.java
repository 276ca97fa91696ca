package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CacheKey;
import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.io.IoThreadLocal;
import dev.cdnsim.edge.observe.EdgeCounters;
import dev.cdnsim.edge.observe.ErrorWriter;
import dev.cdnsim.edge.route.Upstreams;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.XnioIoThread;

/**
 * Forwards requests the cache does not handle (pass routes, other methods, credentials, oversized objects)
 * and streams the answer back, without leaving the Undertow I/O thread that accepted the request: the
 * replica's connection belongs to that thread too ({@link OriginConnections}), so a passed request crosses
 * no thread at all, as in nginx and HAProxy. Request and response bodies of any size stream through.
 * A successful unsafe request invalidates the stored responses of its target and of a same-origin
 * {@code Location} / {@code Content-Location} (RFC 9111 §4.4).
 */
public final class PassThrough {
  private static final System.Logger LOG = System.getLogger(PassThrough.class.getName());
  private static final Set<HttpString> SAFE = FieldNames.of(Methods.GET, Methods.HEAD, Methods.OPTIONS,
      Methods.TRACE);

  final Upstreams upstreams;
  final OriginConnections connections;
  final EdgeCounters counters;
  final ProxyHeaders proxyHeaders;
  final ResponseStreamer streamer;
  final ErrorWriter errors;
  /** Each I/O thread's deadlines of the passed requests in flight on it. */
  final IoThreadLocal<Deadlines> deadlines =
      new IoThreadLocal<>(() -> new Deadlines((XnioIoThread) Thread.currentThread()));
  private final ResponseCache cache;
  /**
   * The Cache-Status values of passed answers, by reason and then status (100–599): the same few strings on every
   * passed response, made once. At most {@link #CACHED_REASONS} reasons are kept; the reasons are the edge's own words.
   */
  private final Map<String, String[]> passStatus = new ConcurrentHashMap<>();
  private static final int CACHED_REASONS = 32;
  /** The reason looked up last and its values (null before the first): nearly every passed answer has its route's. */
  private volatile ReasonValues lastReason;

  private record ReasonValues(String reason, String[] byStatus) {}

  public PassThrough(Upstreams upstreams, OriginConnections connections, EdgeCounters counters, ResponseCache cache,
      FetchConfig config, StoredResponseWriter writer, ErrorWriter errors) {
    this.upstreams = requireNonNull(upstreams, "upstreams");
    this.connections = requireNonNull(connections, "connections");
    this.counters = requireNonNull(counters, "counters");
    this.cache = requireNonNull(cache, "cache");
    this.proxyHeaders = new ProxyHeaders(config.via());
    this.streamer = new ResponseStreamer(requireNonNull(writer, "writer"), config.clientTimeout());
    this.errors = requireNonNull(errors, "errors");
  }

  /** Forwards the exchange's request as {@code plan} (a PASS, or a range of a too-big object) says. */
  void forward(HttpServerExchange exchange, CachePlan plan) {
    // Dispatched, so that the exchange outlives the handler chain; on the same thread when already on it.
    exchange.dispatch(exchange.isInIoThread() ? SameThreadExecutor.INSTANCE : exchange.getIoThread(), () -> {
      try {
        new PassExchange(this, exchange, plan).start();
      } catch (RuntimeException e) {
        // A bug must not leave the client waiting: answer 500 and log it (later failures meet the attempt's timer).
        LOG.log(System.Logger.Level.ERROR, "passing " + exchange.getRequestURI() + " failed", e);
        errors.send(exchange, 500, "edge internal error", "detail=internal");
      }
    });
  }

  /** The Cache-Status value of an answer with {@code status} passed for {@code reason} (RFC 9211 §2.2 fwd). */
  String cacheStatus(String reason, int status) {
    if (status < 100 || status > 599) return passStatusValue(reason, status);
    ReasonValues last = lastReason;
    String[] byStatus;
    if (last != null && last.reason() == reason) {   // the same String: the edge's reasons are constants
      byStatus = last.byStatus();
    } else {
      byStatus = passStatus.get(reason);
      if (byStatus == null) {
        if (passStatus.size() >= CACHED_REASONS) return passStatusValue(reason, status);
        byStatus = passStatus.computeIfAbsent(reason, r -> new String[500]);
      }
      lastReason = new ReasonValues(reason, byStatus);
    }
    String value = byStatus[status - 100];
    // A race writes the same value twice, harmlessly.
    if (value == null) byStatus[status - 100] = value = passStatusValue(reason, status);
    return value;
  }

  private String passStatusValue(String reason, int status) {
    String fwd = reason.equals("method") ? "fwd=method" : "fwd=bypass; detail=" + reason;
    return streamer.cacheStatus(fwd + "; fwd-status=" + status);
  }

  /** Whether a response with {@code status} to {@code method} invalidates what the cache holds for its target. */
  static boolean invalidates(HttpString method, int status) {
    // GET and HEAD by reference first (Undertow's parser hands out the Methods constants): this runs for every
    // passed response, and the set lookup compares bytes.
    return status >= 200 && status < 400 && method != Methods.GET && method != Methods.HEAD && !SAFE.contains(method);
  }

  /**
   * Drops the stored responses of {@code key} and of the response's same-origin {@code location} and
   * {@code contentLocation} (either may be null).
   */
  void invalidate(CacheKey key, String location, String contentLocation) {
    cache.invalidate(key);
    for (String reference : new String[] {location, contentLocation}) {
      if (reference != null) key.resolveSameOrigin(reference).ifPresent(cache::invalidate);
    }
  }

  @Override
  public String toString() {
    return "PassThrough{" + connections + "}";
  }
}
