package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Attempts;
import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.RequestInfo;
import dev.cdnsim.edge.balance.Selection;
import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.Served;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.edge.route.UpgradeRequest;
import dev.cdnsim.edge.route.Upstreams;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Predicate;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One passed request, driven by events on the I/O thread that accepted it: choose a replica, try it
 * ({@link PassAttempt}: a keep-alive connection of this thread or a new one, the request head, the body, the
 * answer), and after a failure before the answer try another one as {@link Attempts} allows, or answer 502/504.
 * Every chosen replica is reported to its pool exactly once.
 */
final class PassExchange {
  final PassThrough pass;
  final HttpServerExchange exchange;
  final CachePlan plan;
  final PoolConfig config;
  final Attempts attempts;
  final XnioIoThread thread;
  /** The deadlines of this thread's passed requests, where the attempts arm their timeouts. */
  final Deadlines deadlines;
  final ByteBufferPool buffers;
  final boolean hasBody;
  /** The protocols the request asks to switch to, forwarded with it ({@link UpgradeRequest}), or null. */
  final String upgrade;
  /** What the edge served, taken once here from the exchange (the stats handler has just made it). */
  final Served served;
  private final Upstreams.Routed routed;
  /** The client's request body, taken once (Undertow hands it out once) and only when there is one. */
  private StreamSourceChannel body;
  /** Whether body bytes were read from the client: then the request can no longer be sent again. */
  private boolean bodyRead;
  private PassAttempt attempt;
  /** Whether the answer's head went to the client: from then on a failure can only cut the connection. */
  private boolean committed;
  private boolean over;

  PassExchange(PassThrough pass, HttpServerExchange exchange, CachePlan plan) {
    this.pass = pass;
    this.exchange = exchange;
    this.plan = plan;
    this.routed = pass.upstreams.route(plan.key());
    this.config = routed.pool().config();
    this.thread = exchange.getIoThread();
    this.deadlines = pass.deadlines.get();   // on that thread: PassThrough dispatches there
    this.buffers = exchange.getConnection().getByteBufferPool();
    this.served = Served.of(exchange);
    // Undertow ends a request without Content-Length or Transfer-Encoding as it parses it: no field lookups then.
    this.hasBody = !exchange.isRequestComplete() && mayHaveBody(exchange);
    this.upgrade = UpgradeRequest.protocols(exchange);
    InetSocketAddress source = exchange.getSourceAddress();
    InetAddress client = source == null || source.getAddress() == null ? InetAddress.getLoopbackAddress() : source.getAddress();
    // Only cookie affinity reads the cookies: no joining them for every other pool.
    String cookies = config.affinity().mode() != AffinityConfig.Mode.COOKIE ? ""
        : ProxyHeaders.joined(exchange.getRequestHeaders(), Headers.COOKIE).orElse("");
    RequestInfo info = new RequestInfo(plan.key().url(), client, cookies);
    this.attempts = new Attempts(routed.pool(), info, exchange.getRequestMethod().toString());
  }

  /** An HTTP/1.x request has a body only with Content-Length or Transfer-Encoding (RFC 9112 §6.3); HTTP/2 may have one anyway. */
  private static boolean mayHaveBody(HttpServerExchange exchange) {
    boolean http1 = exchange.isHttp11() || exchange.isHttp10() || exchange.isHttp09();
    return !http1 || exchange.getRequestContentLength() > 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
  }

  void start() {
    if (hasBody) {
      body = exchange.getRequestChannel();
    } else if (upgrade == null && exchange.getConnection() instanceof HttpServerConnection http1
        && http1.getSslSession() == null) {
      // Undertow suspends a connection's reads while a request runs and resumes them at its end: across an origin
      // round trip that is two epoll_ctl calls per request (the JDK's selector drops the socket, then adds it
      // back). Its read listener suspends lazily if anything arrives meanwhile (HttpReadListener.handleEvent),
      // and a keep-alive client sends nothing before its answer; so reads stay on. Not for TLS (Undertow
      // suspends those itself), nor with a body (the body is read through those reads), nor when the connection may
      // switch protocols (what the client sends next is no request).
      http1.getOriginalSourceConduit().resumeReads();
    }
    next(attempts.first());
  }

  /** Tries {@code s}, or answers 502 when it says there is no replica. */
  void next(Selection s) {
    if (s instanceof Selection.Unavailable u) {
      fail(502, u.message(), "detail=origin-error");
      return;
    }
    Selection.Chosen chosen = (Selection.Chosen) s;
    attempt = new PassAttempt(this, chosen, pass.connections.target(routed.pool(), chosen.replica()), false);
    attempt.connect(false);
  }

  /** Tries the same replica again on a new connection (its keep-alive one had just been closed). */
  void again(PassAttempt stale) {
    attempt = new PassAttempt(this, stale.chosen, stale.target, true);
    attempt.connect(true);
  }

  /** Whether {@code a} is the attempt in progress and the exchange has not ended. */
  boolean isCurrent(PassAttempt a) {
    return attempt == a && !over;
  }

  /** Ends the exchange with the edge's own error, or cuts the connection once the answer has begun. */
  void fail(int status, String reason, String params) {
    if (over) return;
    over = true;
    if (committed) {
      IoUtils.safeClose(exchange.getConnection());
    } else {
      pass.errors.send(exchange, status, reason, params);
    }
  }

  /** The exchange ends without another word: the answer went out whole, or the client has gone. */
  void end() {
    over = true;
  }

  StreamSourceChannel body() {
    return body;
  }

  /** Reads what is left of the client's body and drops it; a failure closes the client's connection. */
  void discardBody() {
    if (body == null) return;
    body.getReadSetter().set(ChannelListeners.drainListener(Long.MAX_VALUE, null,
        (channel, e) -> IoUtils.safeClose(exchange.getConnection())));
    body.wakeupReads();
  }

  void bodyRead() {
    bodyRead = true;
  }

  /** Whether the request can still be sent again as it was: none of its body has been read. */
  boolean replayable() {
    return !bodyRead;
  }

  /**
   * Sends the request to {@code target} over {@code c}: the client's fields (hop-by-hop dropped) and the pool's or
   * client's Host; a body without a declared length (a chunked or HTTP/2 upload) goes chunked.
   */
  void send(ReplicaConnection c, OriginConnections.Target target, ReplicaConnection.Exchange then) {
    RequestHead head = c.head().start(exchange.getRequestMethod(), target.basePath + plan.key().pathAndQuery());
    pass.proxyHeaders.writePass(exchange, head);
    String clientHost = exchange.getRequestHeaders().getFirst(Headers.HOST);
    head.add(Headers.HOST, config.host().orElse(clientHost != null ? clientHost : target.uri.getRawAuthority()));
    if (upgrade != null) {
      head.add(Headers.CONNECTION, Headers.UPGRADE_STRING);
      head.add(Headers.UPGRADE, upgrade);
    }
    long length = 0;
    if (hasBody) {
      // A declared length (the client's Content-Length, gone along with its other fields) or -1, and then the body
      // goes chunked. Undertow refuses a request with both Transfer-Encoding and Content-Length (400).
      length = exchange.getRequestContentLength();
      if (length < 0) head.add(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
    }
    c.send(exchange.getRequestMethod(), length, upgrade != null, then);
  }

  /**
   * Writes the head of the replica's answer to the client: its end-to-end fields, the route cookie when affinity
   * pinned the client anew, {@code X-Cache: PASS} and {@code Cache-Status}; invalidates the cache after a
   * successful unsafe request. From here on the answer is committed.
   */
  void head(ResponseHead answer, Selection.Chosen chosen) {
    int status = answer.status();
    HeaderMap out = exchange.getResponseHeaders();
    Set<HttpString> named = answer.connectionNamed();
    Predicate<HttpString> passes = named.isEmpty() ? ResponseStreamer::passes
        : name -> ResponseStreamer.passes(name) && !named.contains(name);
    boolean verbatim = VerbatimAnswer.applies(exchange, answer);
    if (!verbatim) {
      // Straight from the parsed head to the map, as this runs for every passed response on the I/O thread.
      for (int i = 0, n = answer.size(); i < n; i++) {
        if (passes.test(answer.name(i))) out.add(answer.name(i), answer.value(i));
      }
    }
    if (routed.route().mode() == RouteConfig.Mode.PASS && chosen.setCookie().isPresent()) {
      // Affinity cookies go on passed responses only, so that no stored response ever carries one.
      out.add(Headers.SET_COOKIE, chosen.setCookie().get());
    }
    if (PassThrough.invalidates(exchange.getRequestMethod(), status)) {
      pass.invalidate(plan.key(), answer.first(Headers.LOCATION), answer.first(Headers.CONTENT_LOCATION));
    }
    // The length as the replica sent it, for HEAD or 304 too: the length of the body it stands for.
    pass.streamer.finishHead(exchange, served, status, answer.contentLengthDigits(), CacheStatus.PASS,
        pass.cacheStatus(plan.reason(), status));
    if (verbatim) VerbatimAnswer.send(exchange, answer, passes);
    committed = true;
  }

  /**
   * The replica switched protocols (101), as the request asked: its answer's head goes to the client, and once it is
   * out the two connections become one {@link Tunnel}, with what the replica sent after its head first, closed when
   * the replica is silent for the pool's first-byte timeout. The replica counts the tunnel as a request in flight
   * (least-connections sees it) until the client's connection closes, which also closes the replica's, should the
   * head never reach the client.
   */
  void switchProtocols(ResponseHead answer, Selection.Chosen chosen, ReplicaConnection replica,
      ConduitStreamSourceChannel fromReplica) {
    end();
    if (!exchange.getConnection().isOpen()) {
      // The client went away meanwhile (a close listener added now would never run): nothing to join.
      replica.close();
      attempts.end(Outcome.ABANDONED);
      exchange.endExchange();
      return;
    }
    pass.counters.tunnels(1);
    exchange.getConnection().addCloseListener(closed -> {
      replica.close();
      attempts.end(Outcome.ofStatus(101));
      pass.counters.tunnels(-1);
    });
    head(answer, chosen);
    exchange.upgradeChannel((client, ex) -> Tunnel.start(client, fromReplica, replica, buffers,
        config.timeouts().firstByte()));
    String protocols = answer.first(Headers.UPGRADE);
    if (protocols != null) exchange.getResponseHeaders().put(Headers.UPGRADE, protocols);
    exchange.endExchange();
  }

  @Override
  public String toString() {
    return "PassExchange{" + exchange.getRequestMethod() + " " + plan.key().url() + ", " + attempts + "}";
  }
}
