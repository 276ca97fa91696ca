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
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends cache fills and revalidations to origin replicas over pooled HTTP/1.1 keep-alive connections
 * ({@link FillClient}), blocking the calling (virtual) thread. The request's route names the pool; the pool chooses the replica,
 * and {@link Attempts} says when another replica is tried (a refused or timed-out connection, a 502/503 to
 * an idempotent request), within the pool's retry limit and budget. Passed requests do not come here: they
 * are proxied on the I/O thread ({@link PassThrough}).
 */
public final class OriginClient implements AutoCloseable {
  private final Upstreams upstreams;
  private final EdgeCounters counters;
  private final Clock clock;
  private final FillClient fills = new FillClient();

  public OriginClient(Upstreams upstreams, EdgeCounters counters, Clock clock) {
    this.upstreams = requireNonNull(upstreams, "upstreams");
    this.counters = requireNonNull(counters, "counters");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Sends {@code request} to a replica of its route's pool, retrying on another as the pool allows.
   *
   * @throws ConnectException no replica could take the request; the message is the 502's text, saying why
   * @throws HttpTimeoutException the chosen replica did not answer in time (504)
   */
  OriginResponse send(OriginRequest request) throws IOException, InterruptedException {
    Upstreams.Routed routed = upstreams.route(request.balanceKey());
    Pool pool = routed.pool();
    PoolConfig config = pool.config();
    RequestInfo info = new RequestInfo(request.balanceKey(), client(request.headers()),
        request.headers().joined(Headers.COOKIE).orElse(""));
    Attempts attempts = new Attempts(pool, info, request.method());
    Selection selection = attempts.first();
    while (true) {
      if (!(selection instanceof Selection.Chosen chosen)) {
        throw new ConnectException(((Selection.Unavailable) selection).message());
      }
      Replica replica = chosen.replica();
      Instant requestTime = clock.instant();
      counters.originRequest();
      FillClient.Answer r;
      try {
        r = fills.send(replica, pool.sslContext(), request.method(), request.pathAndQuery(),
            config.host().or(() -> request.headers().first(Headers.HOST)), request.headers(), request.body(),
            config.timeouts());
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
        if (Thread.currentThread().isInterrupted()) { // the edge is stopping: its socket was closed under it
          attempts.end(Outcome.ABANDONED);
          throw new InterruptedException("interrupted while waiting for " + replica.id());
        }
        // The connection broke after the request went out, or the answer broke HTTP/1.1 (a Content-Length that is not
        // a number: nginx's "upstream sent invalid header"): only an idempotent request may go again.
        boolean tls = "https".equalsIgnoreCase(replica.base().getScheme());
        String detail = e instanceof ResponseHead.MalformedException ? "answered with a malformed head (" + e.getMessage()
            + ")" : brokenDetail(tls);
        selection = attempts.failed(Attempts.Failure.BROKEN, detail, true);
        if (selection instanceof Selection.Unavailable u) {
          throw (IOException) new ConnectException(u.message()).initCause(e);
        }
        continue;
      } catch (RuntimeException e) {
        attempts.end(Outcome.ABANDONED);
        throw e;
      }
      Optional<Selection.Chosen> instead = attempts.instead(r.status(), true);
      if (instead.isPresent()) {
        r.body().close();
        selection = instead.get();
        continue;
      }
      // No route cookie here: affinity cookies go on passed responses only (PassThrough), so that no stored
      // response ever carries one.
      InputStream body = new AttemptBody(new CountingInputStream(r.body(), counters), pool, replica,
          Outcome.ofStatus(r.status()));
      // From here AttemptBody reports the attempt, at the end of its body.
      return new OriginResponse(r.status(), r.headers(), body,
          r.contentLength() < 0 ? OptionalLong.empty() : OptionalLong.of(r.contentLength()), requestTime, clock.instant());
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

  @Override
  public void close() {
    fills.close();
  }

  @Override
  public String toString() {
    return "OriginClient{" + upstreams + "}";
  }
}
