package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.Attempts;
import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.RequestInfo;
import dev.cdnsim.edge.balance.Selection;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.observe.EdgeCounters;
import dev.cdnsim.edge.route.Upstreams;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends cache fills and revalidations to origin replicas over pooled HTTP/1.1 keep-alive connections,
 * blocking the calling (virtual) thread. The request's route names the pool; the pool chooses the replica,
 * and {@link Attempts} says when another replica is tried (a refused or timed-out connection, a 502/503 to
 * an idempotent request), within the pool's retry limit and budget. Passed requests do not come here: they
 * are proxied on the I/O thread ({@link PassThrough}).
 */
public final class OriginClient implements AutoCloseable {
  /** Fields java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final Upstreams upstreams;
  private final EdgeCounters counters;
  private final Clock clock;
  private final Map<String, HttpClient> clients = new HashMap<>();
  /** Cuts off bodies at their total timeout; one platform thread that only closes streams. */
  private final ScheduledThreadPoolExecutor timer;

  public OriginClient(Upstreams upstreams, EdgeCounters counters, Clock clock) {
    this.upstreams = requireNonNull(upstreams, "upstreams");
    this.counters = requireNonNull(counters, "counters");
    this.clock = requireNonNull(clock, "clock");
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "origin-body-deadlines");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    for (Pool p : upstreams.pools()) {
      HttpClient.Builder b = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(p.config().timeouts().connect())
          .followRedirects(HttpClient.Redirect.NEVER)
          // The client's own completions run on its selector thread instead of hopping to a pool thread, which
          // then wakes the waiting virtual thread: one thread switch less per request (pass-through: +45% on one
          // CPU). Safe because nothing of ours runs in those completions; callers block on virtual threads.
          .executor(Runnable::run);
      // https:// replicas of a pool with a CA file or a client certificate (mTLS); else the JDK's trust store.
      p.sslContext().ifPresent(b::sslContext);
      clients.put(p.name(), b.build());
    }
  }

  /**
   * Sends {@code request} to a replica of its route's pool, retrying on another as the pool allows.
   *
   * @throws ConnectException no replica could take the request; the message says why (the edge answers 502)
   * @throws HttpTimeoutException the chosen replica did not answer in time (504)
   */
  OriginResponse send(OriginRequest request) throws IOException, InterruptedException {
    Upstreams.Routed routed = upstreams.route(request.balanceKey());
    Pool pool = routed.pool();
    PoolConfig config = pool.config();
    HttpClient http = clients.get(pool.name());
    RequestInfo info = new RequestInfo(request.balanceKey(), client(request.headers()),
        request.headers().joined(Headers.COOKIE).orElse(""));
    Attempts attempts = new Attempts(pool, info, request.method());
    Selection selection = attempts.first();
    while (true) {
      if (!(selection instanceof Selection.Chosen chosen)) {
        throw new ConnectException(((Selection.Unavailable) selection).reason());
      }
      Replica replica = chosen.replica();
      long deadline = System.nanoTime() + config.timeouts().total().toNanos();
      Instant requestTime = clock.instant();
      counters.originRequest();
      HttpRequest built = build(replica, request, config);
      HttpResponse<InputStream> r;
      try {
        r = http.send(built, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IllegalArgumentException e) {
        // The JDK's client throws this (around a NumberFormatException) for an answer it cannot parse, such as a
        // Content-Length that is not a number: the replica's fault, a 502 as nginx's "upstream sent invalid header".
        String detail = "answered with a malformed head (" + e.getMessage() + ")";
        selection = attempts.failed(Attempts.Failure.BROKEN, detail, true);
        if (selection instanceof Selection.Unavailable u) throw new IOException(u.reason(), e);
        continue;
      } catch (ConnectException | HttpConnectTimeoutException e) {
        Attempts.Failure f = e instanceof ConnectException ? Attempts.Failure.REFUSED : Attempts.Failure.CONNECT_TIMEOUT;
        selection = attempts.failed(f, f.what(), true);
        continue;
      } catch (HttpTimeoutException e) {
        attempts.end(Outcome.TIMEOUT);
        throw e;
      } catch (SSLHandshakeException e) {
        // A failed handshake (an untrusted certificate, a client certificate refused or missing): the replica
        // never took the request, so any method may go to another one.
        Attempts.Failure f = Attempts.Failure.TLS_HANDSHAKE;
        selection = attempts.failed(f, f.what() + ": " + e.getMessage(), true);
        continue;
      } catch (IOException e) {
        // The connection broke after the request went out: only an idempotent request may go again.
        boolean tls = "https".equalsIgnoreCase(replica.base().getScheme());
        selection = attempts.failed(Attempts.Failure.BROKEN, brokenDetail(tls), true);
        if (selection instanceof Selection.Unavailable u) throw new IOException(u.reason(), e);
        continue;
      } catch (InterruptedException | RuntimeException e) {
        attempts.end(Outcome.ABANDONED);
        throw e;
      }
      Optional<Selection.Chosen> instead = attempts.instead(r.statusCode(), true);
      if (instead.isPresent()) {
        r.body().close();
        selection = instead.get();
        continue;
      }
      // No route cookie here: affinity cookies go on passed responses only (PassThrough), so that no stored
      // response ever carries one.
      HeaderList headers = HopByHop.strip(headers(r.headers()));
      InputStream body = new AttemptBody(new CountingInputStream(r.body(), counters), pool, replica,
          Outcome.ofStatus(r.statusCode()), deadline, timer);
      // From here AttemptBody reports the attempt, at the end of its body.
      return new OriginResponse(r.statusCode(), headers, body, r.headers().firstValueAsLong("content-length"),
          requestTime, clock.instant());
    }
  }

  /**
   * What a connection broken before the answer says about the replica. Under TLS 1.3 the client's handshake is
   * over before the replica has checked the client certificate, so a replica refusing it may just reset the
   * connection, and the alert saying why is lost.
   */
  static String brokenDetail(boolean tls) {
    return tls ? "closed the connection over TLS without answering (as a replica that requires a client"
        + " certificate does when it gets none it trusts)" : Attempts.Failure.BROKEN.what();
  }

  private static HttpRequest build(Replica replica, OriginRequest request, PoolConfig config) {
    HttpRequest.Builder b = HttpRequest.newBuilder(replica.resolve(request.pathAndQuery()))
        .timeout(config.timeouts().firstByte())
        .method(request.method(), request.body().length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (HeaderList.Field f : request.headers().fields()) {
      if (RESTRICTED.contains(f.name().toString().toLowerCase(Locale.ROOT))) continue;
      try {
        b.header(f.name().toString(), f.value());
      } catch (IllegalArgumentException invalid) {
        // A field java.net.http will not send (bad characters): the origin never needed it.
      }
    }
    config.host().or(() -> request.headers().first(Headers.HOST)).ifPresent(host -> {
      try {
        b.header("Host", host);
      } catch (IllegalArgumentException restricted) {
        // This JVM was started without jdk.httpclient.allowRestrictedHeaders=host (cdnsim's Main sets it): the
        // replica then sees its own address as Host, and the client's Host travels in X-Forwarded-Host.
      }
    });
    return b.build();
  }

  /** The client's address: the last X-Forwarded-For hop, which the edge appended itself. */
  private static InetAddress client(HeaderList headers) {
    String xff = headers.joined(ProxyHeaders.X_FORWARDED_FOR).orElse("");
    String last = xff.substring(xff.lastIndexOf(',') + 1).trim();
    // Only a literal address is parsed, so that getByName never turns into a DNS lookup.
    if (last.isEmpty() || !last.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return InetAddress.getLoopbackAddress();
    }
    try {
      return InetAddress.getByName(last);
    } catch (java.net.UnknownHostException notAnAddress) {
      return InetAddress.getLoopbackAddress();
    }
  }

  private static HeaderList headers(HttpHeaders headers) {
    List<HeaderList.Field> fields = new ArrayList<>();
    headers.map().forEach((name, values) -> {
      if (name.startsWith(":")) return;
      HttpString n = new HttpString(name);
      for (String v : values) fields.add(new HeaderList.Field(n, v));
    });
    return new HeaderList(fields);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (HttpClient http : clients.values()) {
      http.shutdownNow();
      http.close();
    }
  }

  @Override
  public String toString() {
    return "OriginClient{" + upstreams + "}";
  }
}
