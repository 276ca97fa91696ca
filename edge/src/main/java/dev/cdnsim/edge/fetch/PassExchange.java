package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.Attempts;
import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.RequestInfo;
import dev.cdnsim.edge.balance.Selection;
import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.edge.route.Upstreams;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.WorkerUtils;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One passed request, driven by events on the I/O thread that accepted it: choose a replica, take a
 * keep-alive connection of this thread (or open one), send the request head, stream the request body, wait
 * for the answer head, stream the answer body back, hand the connection back. Failures before the answer go
 * to another replica as {@link Attempts} allows; the pool's connect, first-byte and total timeouts are timers
 * of this same thread. Every chosen replica is reported to its pool exactly once.
 */
final class PassExchange {
  private final PassThrough pass;
  private final HttpServerExchange exchange;
  private final CachePlan plan;
  private final Upstreams.Routed routed;
  private final PoolConfig config;
  private final Attempts attempts;
  private final XnioIoThread thread;
  private final ByteBufferPool buffers;
  private final boolean hasBody;
  /** The client's request body, taken once (Undertow hands it out once) and only when there is one. */
  private StreamSourceChannel body;
  /** Whether body bytes were read from the client: then the request can no longer be sent again. */
  private boolean bodyRead;
  private Attempt attempt;
  /** Whether the answer's head went to the client: from then on a failure can only cut the connection. */
  private boolean committed;
  private boolean over;

  PassExchange(PassThrough pass, HttpServerExchange exchange, CachePlan plan) {
    this.pass = pass;
    this.exchange = exchange;
    this.plan = plan;
    this.routed = pass.upstreams.route(plan.key().url());
    this.config = routed.pool().config();
    this.thread = exchange.getIoThread();
    this.buffers = exchange.getConnection().getByteBufferPool();
    this.hasBody = mayHaveBody(exchange) && !exchange.isRequestComplete();
    InetSocketAddress source = exchange.getSourceAddress();
    InetAddress client = source == null || source.getAddress() == null ? InetAddress.getLoopbackAddress() : source.getAddress();
    RequestInfo info = new RequestInfo(plan.key().url(), client,
        ProxyHeaders.joined(exchange.getRequestHeaders(), Headers.COOKIE).orElse(""));
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
    } else if (exchange.getConnection() instanceof HttpServerConnection http1 && http1.getSslSession() == null) {
      // Undertow suspends a connection's reads while a request runs and resumes them at its end: across an origin
      // round trip that is two epoll_ctl calls per request (the JDK's selector drops the socket, then adds it
      // back). Its read listener suspends lazily if anything arrives meanwhile (HttpReadListener.handleEvent),
      // and a keep-alive client sends nothing before its answer; so reads stay on. Not for TLS (Undertow
      // suspends those itself) nor with a body (the body is read through those reads).
      http1.getOriginalSourceConduit().resumeReads();
    }
    next(attempts.first(), false);
  }

  /** Tries {@code s}, or answers 502 when it says there is no replica. */
  private void next(Selection s, boolean fresh) {
    if (s instanceof Selection.Unavailable u) {
      fail(502, "origin unreachable: " + u.reason(), "detail=origin-error");
      return;
    }
    attempt = new Attempt((Selection.Chosen) s);
    attempt.connect(fresh);
  }

  /** Ends the exchange with the edge's own error, or cuts the connection once the answer has begun. */
  private void fail(int status, String reason, String params) {
    if (over) return;
    over = true;
    if (committed) {
      IoUtils.safeClose(exchange.getConnection());
    } else {
      pass.errors.send(exchange, status, reason, params);
    }
  }

  /** The request as sent to {@code target}: the client's fields (hop-by-hop dropped) and the pool's or client's Host. */
  private ClientRequest request(OriginConnections.Target target) {
    ClientRequest r = new ClientRequest().setMethod(exchange.getRequestMethod())
        .setPath(target.basePath + plan.key().pathAndQuery());
    HeaderMap out = r.getRequestHeaders();
    pass.proxyHeaders.writePass(exchange, out);
    String clientHost = exchange.getRequestHeaders().getFirst(Headers.HOST);
    out.put(Headers.HOST, config.host().orElse(clientHost != null ? clientHost : target.uri.getRawAuthority()));
    // A body without a declared length (a chunked or HTTP/2 upload) goes to the replica chunked.
    if (hasBody && !out.contains(Headers.CONTENT_LENGTH)) out.put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
    return r;
  }

  /** One attempt at one replica; its callbacks do nothing once it is no longer the current attempt. */
  private final class Attempt implements OriginConnections.Connected {
    private final Selection.Chosen chosen;
    private final OriginConnections.Target target;
    private final long deadline;
    private ClientConnection connection;
    private boolean reused;
    private boolean staleRetried;
    private XnioExecutor.Key timer;
    private long timerAt;
    /** When the replica must have begun to answer: the first-byte timeout after the request went out. */
    private long firstByteDeadline;
    private boolean requestDone;
    private boolean answered;
    private int status;
    private long sent;
    private Pump upload;
    private Pump download;
    private StreamSinkChannel response;
    private ClientExchange exchangeWithReplica;
    private boolean headFlushed;

    Attempt(Selection.Chosen chosen) {
      this.chosen = chosen;
      this.target = pass.connections.target(routed.pool(), chosen.replica());
      this.deadline = System.nanoTime() + config.timeouts().total().toNanos();
    }

    private boolean current() {
      return attempt == this && !over;
    }

    void connect(boolean fresh) {
      pass.counters.originRequest();
      pass.connections.acquire(target, thread, buffers, config.timeouts().connect().toMillis(), fresh, this);
    }

    @Override
    public void connected(ClientConnection c, boolean reused) {
      if (!current()) {
        pass.connections.release(target, c);   // unused: as good as idle
        return;
      }
      this.connection = c;
      this.reused = reused;
      // One timer for the attempt, re-armed when it fires early (see timedOut): set once and removed once per request.
      arm(Math.min(config.timeouts().firstByte().toNanos(), deadline - System.nanoTime()));
      c.sendRequest(request(target), new ClientCallback<>() {
        @Override
        public void completed(ClientExchange cx) {
          if (!current()) return;
          exchangeWithReplica = cx;
          cx.setResponseListener(new ClientCallback<>() {
            @Override
            public void completed(ClientExchange answer) {
              if (current()) answered(answer);
            }

            @Override
            public void failed(IOException e) {
              if (current()) broken(e);
            }
          });
          if (hasBody) new Upload(Attempt.this, cx).start();
          else uploadDone();
        }

        @Override
        public void failed(IOException e) {
          if (current()) broken(e);
        }
      });
    }

    @Override
    public void failed(IOException e, boolean timedOut) {
      if (!current()) return;
      Attempts.Failure f;
      String detail;
      if (timedOut) {
        f = Attempts.Failure.CONNECT_TIMEOUT;
        detail = f.what();
      } else if (causedBy(e, SSLHandshakeException.class)) {
        f = Attempts.Failure.TLS_HANDSHAKE;
        detail = f.what() + ": " + e.getMessage();
      } else {
        f = Attempts.Failure.REFUSED;
        detail = e instanceof ConnectException ? f.what() : "could not be reached: " + e.getMessage();
      }
      next(attempts.failed(f, detail, true), false);
    }

    /** The connection broke before the answer's head came. */
    void broken(IOException e) {
      disarm();
      boolean handshaking = target.ssl != null && !reused && !headOut();
      abandonConnection();
      if (causedBy(e, SSLHandshakeException.class) || handshaking) {
        // Undertow's TLS layer closes the connection on a failed handshake and keeps the reason to itself.
        Attempts.Failure f = Attempts.Failure.TLS_HANDSHAKE;
        String why = causedBy(e, SSLHandshakeException.class) ? rootMessage(e)
            : "the connection closed during it (the replica's certificate not trusted, or ours refused or missing)";
        next(attempts.failed(f, f.what() + ": " + why, !bodyRead), false);
      } else if (reused && !bodyRead && !staleRetried) {
        // A keep-alive connection the replica closed as it was taken: the same replica again, on a new one.
        Attempt again = new Attempt(chosen);
        again.staleRetried = true;
        attempt = again;
        again.connect(true);
      } else {
        boolean tls = target.ssl != null;
        next(attempts.failed(Attempts.Failure.BROKEN, OriginClient.brokenDetail(tls), !bodyRead), false);
      }
    }

    /** The answer's head came: retry elsewhere (502/503 to an idempotent request), or stream it to the client. */
    void answered(ClientExchange cx) {
      answered = true;
      status = cx.getResponse().getResponseCode();
      Optional<Selection.Chosen> instead = attempts.instead(status, !bodyRead);
      if (instead.isPresent()) {
        disarm();
        abandonConnection();
        next(instead.get(), false);
        return;
      }
      HeaderMap in = cx.getResponse().getResponseHeaders();
      HeaderMap out = exchange.getResponseHeaders();
      // Straight from map to map, as this runs for every passed response on the I/O thread.
      Set<HttpString> named = HopByHop.named(in.get(Headers.CONNECTION));
      for (HeaderValues values : in) {
        HttpString name = values.getHeaderName();
        if (!HopByHop.isHopByHop(name, named) && ResponseStreamer.passes(name)) out.putAll(name, values);
      }
      if (routed.route().mode() == RouteConfig.Mode.PASS && chosen.setCookie().isPresent()) {
        // Affinity cookies go on passed responses only, so that no stored response ever carries one.
        out.add(Headers.SET_COOKIE, chosen.setCookie().get());
      }
      String method = exchange.getRequestMethod().toString();
      if (PassThrough.invalidates(method, status)) {
        pass.invalidate(plan.key(), in.getFirst(Headers.LOCATION), in.getFirst(Headers.CONTENT_LOCATION));
      }
      String fwd = plan.reason().equals("method") ? "fwd=method" : "fwd=bypass; detail=" + plan.reason();
      pass.streamer.finishHead(exchange, status, contentLength(in), CacheStatus.PASS, fwd + "; fwd-status=" + status);
      committed = true;
      response = exchange.getResponseChannel();
      download = new Pump(cx.getResponseChannel(), response, buffers, new Pump.Events() {
        @Override
        public void read(int n) {
          pass.counters.originBytes(n);
          sent += n;
        }

        @Override
        public void finished() {
          if (current()) downloaded();
        }

        @Override
        public void readFailed(IOException e) {
          // The replica broke off mid-body: the client must see a cut, not a complete response.
          if (current()) endAfterCut(Outcome.ofStatus(status));
        }

        @Override
        public void writeFailed(IOException e) {
          if (current()) endAfterCut(Outcome.ofStatus(status));   // the client went away
        }
      });
      // With a body to come, its first bytes may sit in Undertow's buffer with a read notification pending: wait for it.
      boolean bodyToCome = !exchange.getRequestMethod().equals(Methods.HEAD) && status >= 200 && status != 204
          && status != 304 && contentLength(in).orElse(1) > 0;
      if (bodyToCome) download.startWhenReadable(thread);
      else download.start();
    }

    private void downloaded() {
      disarm();
      over = true;
      attempts.end(Outcome.ofStatus(status));
      exchange.putAttachment(CacheStatus.BODY_BYTES, sent);
      if (requestDone) {
        pass.connections.release(target, connection);
      } else {
        // The replica answered before the whole request went out: this connection can't carry another.
        if (upload != null) upload.stop();
        IoUtils.safeClose(connection);
      }
      Sinks.end(exchange, response);
    }

    /** Ends the attempt with {@code outcome} and cuts both connections: the answer can't be completed. */
    private void endAfterCut(Outcome outcome) {
      disarm();
      attempts.end(outcome);
      exchange.putAttachment(CacheStatus.BODY_BYTES, sent);
      abandonConnection();
      fail(502, "", "");
    }

    /**
     * The attempt's timer. Before the answer's head: past the first-byte deadline (counted from the end of the
     * request) or the total one, 504. After it: past the total deadline a replica that stalls mid-body is cut off,
     * and so is the client's copy. Otherwise it fired early and is set again for the nearer deadline.
     */
    private void timedOut() {
      timer = null;
      if (!current()) return;
      long now = System.nanoTime();
      if (answered) {
        if (now - deadline >= 0) endAfterCut(Outcome.TIMEOUT);
        else arm(deadline - now);
        return;
      }
      long left = deadline - now;
      if (requestDone) left = Math.min(left, firstByteDeadline - now);
      if (left > 0) {
        arm(left);
        return;
      }
      attempts.end(Outcome.TIMEOUT);
      abandonConnection();
      long ms = Math.min(config.timeouts().firstByte().toMillis(), config.timeouts().total().toMillis());
      fail(504, "origin did not answer within " + ms + " ms", "detail=origin-timeout");
    }

    /** The whole request went out: the replica has the first-byte timeout to answer (within the total one). */
    /** Whether the request head has left (for an https replica: so the TLS handshake is over). */
    private boolean headOut() {
      if (headFlushed) return true;
      if (exchangeWithReplica == null) return false;
      try {
        // Undertow's client ends a request without a body only once its head is flushed; a channel it ended
        // flushes at once.
        return !hasBody && exchangeWithReplica.getRequestChannel().flush();
      } catch (IOException closed) {
        return false;
      }
    }

    void headFlushed() {
      headFlushed = true;
    }

    void uploadDone() {
      requestDone = true;
      firstByteDeadline = System.nanoTime() + config.timeouts().firstByte().toNanos();
      // After a long upload the timer waits for the total deadline: bring it forward.
      if (!answered && current() && timer != null && timerAt - firstByteDeadline > 0) {
        disarm();
        long now = System.nanoTime();
        arm(Math.min(deadline - now, firstByteDeadline - now));
      }
    }

    void uploadFailed(IOException e, boolean clientSide) {
      if (answered) {
        // The replica answered already (and may have stopped reading): the answer still goes out.
        return;
      }
      if (clientSide) {
        // The client's body broke off: nothing to answer, nobody to answer to.
        disarm();
        attempts.end(Outcome.ABANDONED);
        abandonConnection();
        over = true;
        IoUtils.safeClose(exchange.getConnection());
      } else {
        broken(e);
      }
    }

    void bodyRead() {
      bodyRead = true;
    }

    private void abandonConnection() {
      if (upload != null) upload.stop();
      if (download != null) download.stop();
      if (connection != null) IoUtils.safeClose(connection);
    }

    private void arm(long nanos) {
      timerAt = System.nanoTime() + nanos;
      timer = WorkerUtils.executeAfter(thread, this::timedOut, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)),
          TimeUnit.MILLISECONDS);
    }

    private void disarm() {
      if (timer != null) timer.remove();
      timer = null;
    }

    void upload(Pump p) {
      this.upload = p;
    }
  }

  private static OptionalLong contentLength(HeaderMap headers) {
    String v = headers.getFirst(Headers.CONTENT_LENGTH);
    if (v == null) return OptionalLong.empty();
    try {
      return OptionalLong.of(Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) if (kind.isInstance(t)) return true;
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /**
   * Streams the client's request body to the replica once the request head has gone out: for an https
   * replica that is after the TLS handshake, so a failed handshake costs no body byte and the request can
   * still go to another replica.
   */
  private final class Upload {
    private final Attempt owner;
    private final ClientExchange cx;

    Upload(Attempt owner, ClientExchange cx) {
      this.owner = owner;
      this.cx = cx;
    }

    void start() {
      var sink = cx.getRequestChannel();
      Sinks.flushThen(sink, () -> {
        if (attempt != owner || over) return;
        owner.headFlushed();
        Sinks.continueThen(exchange, () -> pump(sink), e -> owner.uploadFailed(e, true));
      }, e -> {
        if (attempt == owner && !over) owner.uploadFailed(e, false);
      });
    }

    private void pump(StreamSinkChannel sink) {
      if (attempt != owner || over) return;
      Pump p = new Pump(body, sink, buffers, new Pump.Events() {
        @Override
        public void read(int n) {
          owner.bodyRead();
        }

        @Override
        public void finished() {
          Sinks.end(sink, owner::uploadDone, e -> {
            if (attempt == owner && !over) owner.uploadFailed(e, false);
          });
        }

        @Override
        public void readFailed(IOException e) {
          if (attempt == owner && !over) owner.uploadFailed(e, true);
        }

        @Override
        public void writeFailed(IOException e) {
          if (attempt == owner && !over) owner.uploadFailed(e, false);
        }
      });
      owner.upload(p);
      p.start();
    }
  }

  @Override
  public String toString() {
    return "PassExchange{" + exchange.getRequestMethod() + " " + plan.key().url() + ", " + attempts + "}";
  }
}
