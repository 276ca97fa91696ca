package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.ErrorWriter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The origin side of the request path, as the attached {@link CachePlan} says: passes the request through
 * on the I/O thread ({@link PassThrough}), or leaves the I/O thread for a virtual thread to fill the cache
 * (collapsed), mapping origin failures to 502 (unreachable) and 504 (too slow). Nothing thrown escapes it.
 */
public final class OriginFetchHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(OriginFetchHandler.class.getName());

  private final CollapsingFetcher fetcher;
  private final PassThrough pass;
  private final ProxyHeaders proxyHeaders;
  private final StoredResponseWriter writer;
  private final ResponseStreamer streamer;
  private final ErrorWriter errors;
  private final Clock clock;
  private final Duration timeout;
  private final Executor executor;

  /**
   * The origin side: passes go through {@code pass} on the I/O thread; misses and revalidations through
   * {@code fetcher} on {@code executor}.
   */
  public OriginFetchHandler(CollapsingFetcher fetcher, PassThrough pass, FetchConfig config,
      StoredResponseWriter writer, ErrorWriter errors, Clock clock, Executor executor) {
    this.fetcher = requireNonNull(fetcher, "fetcher");
    this.proxyHeaders = new ProxyHeaders(config.via());
    this.writer = requireNonNull(writer, "writer");
    this.streamer = new ResponseStreamer(writer, config.clientTimeout());
    this.errors = requireNonNull(errors, "errors");
    this.pass = requireNonNull(pass, "pass");
    this.clock = requireNonNull(clock, "clock");
    this.timeout = config.originTimeout();
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    CachePlan plan = exchange.getAttachment(CachePlan.KEY);
    if (plan != null && (plan.kind() == CachePlan.Kind.PASS
        || (exchange.getRequestHeaders().contains(Headers.RANGE) && fetcher.notStored(plan.key())))) {
      // Passed requests never leave the I/O thread: nothing in them blocks.
      pass.forward(exchange, plan);
      return;
    }
    exchange.dispatch(executor, () -> handle(exchange, plan));
  }

  private void handle(HttpServerExchange exchange, CachePlan plan) {
    try {
      if (plan == null) {
        fail(exchange, 500, "no cache plan for this request", "detail=internal");
      } else {
        write(exchange, fetcher.fetch(plan, () -> proxyHeaders.forFill(exchange), exchange.getRequestHeaders()));
      }
    } catch (HttpTimeoutException e) {
      fail(exchange, 504, "origin did not answer within " + timeout.toMillis() + " ms", "detail=origin-timeout");
    } catch (IOException e) {
      fail(exchange, 502, "origin unreachable: " + reason(e), "detail=origin-error");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(exchange, 503, "edge shutting down", "detail=interrupted");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestURI() + " failed", e);
      fail(exchange, 500, "edge internal error", "detail=internal");
    }
  }

  /**
   * Sends the edge's own error answer from the I/O thread (see {@link #write}); from here when the exchange was put in
   * blocking mode (a streamed answer that failed: its sender would block the I/O thread) or the I/O thread takes no
   * more tasks.
   */
  private void fail(HttpServerExchange exchange, int status, String reason, String params) {
    if (exchange.isBlocking()) {
      errors.send(exchange, status, reason, params);
      return;
    }
    try {
      exchange.getIoThread().execute(() -> errors.send(exchange, status, reason, params));
    } catch (RejectedExecutionException shuttingDown) {
      errors.send(exchange, status, reason, params);
    }
  }

  private void write(HttpServerExchange exchange, Fill fill) throws IOException {
    switch (fill) {
      // Answered from the I/O thread, as a hit is (and so are errors, fail): the exchange then completes there too.
      // Completed on this virtual thread, Undertow would resume the connection's reads from here, waking the
      // selector, and the I/O thread, meeting the client's next request meanwhile, spins until this thread is done
      // (on one CPU, for the rest of its time slice: a fifth of the edge's samples under a miss-heavy load).
      case Fill.Serve s -> {
        try {
          exchange.getIoThread().execute(() -> serve(exchange, s));
        } catch (RejectedExecutionException shuttingDown) {
          s.releaseLease();
          throw shuttingDown;
        }
      }
      case Fill.Stream s -> streamer.stream(exchange, s.response(), s.head(), s.headLength(), CacheStatus.MISS, s.params());
      case Fill.Fail f -> fail(exchange, f.status(), f.reason(), f.params());
    }
  }

  /** Writes a filled (or collapsed, or stale) response on the I/O thread. */
  private void serve(HttpServerExchange exchange, Fill.Serve s) {
    try {
      if (!writer.write(exchange, s.response(), s.status(), s.params(), clock.instant())) {
        // Only a body the cache let go of since this request looked it up (a collapsed waiter's): ask again.
        executor.execute(() -> handle(exchange, exchange.getAttachment(CachePlan.KEY)));
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestURI() + " failed", e);
      errors.send(exchange, 500, "edge internal error", "detail=internal");
    } finally {
      s.releaseLease();
    }
  }

  @Override
  public String toString() {
    return "OriginFetchHandler(" + fetcher + ")";
  }

  /** The exception's own message when it has one (a pool says which replicas are out and why), else its kind. */
  private static String reason(IOException e) {
    return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
  }
}
