package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Date;
import java.util.concurrent.atomic.LongAdder;

/**
 * An origin replica: serves a synthetic {@link ContentCatalog} at {@code /objects/{n}}, a small uncacheable API
 * naming the replica at {@code /api/…}, {@code GET /health}
 * (200 while running), {@code GET /_origin/stats} (JSON counters) and {@code GET /metrics} (the same counters for
 * Prometheus, loopback clients only). Start with {@link #start()}, stop with
 * {@link #close()}; a replica can be started again after it was closed, as a restarted process would be.
 */
public final class OriginServer implements AutoCloseable {
  private final OriginConfig config;
  private final Clock clock;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private Undertow server;
  private InetSocketAddress bound;

  public OriginServer(OriginConfig config, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Binds the listen address and starts serving; throws {@link UncheckedIOException} naming the address on failure. */
  public synchronized OriginServer start() {
    if (server != null) return this;
    // A restart binds the port of the first start again, so peers that learnt it keep working.
    InetSocketAddress listen = bound != null ? bound : config.listen();
    Undertow candidate = Undertow.builder()
        .addHttpListener(listen.getPort(), listen.getAddress().getHostAddress())
        .setIoThreads(2)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        // The API reads and counts bodies up to its own limit and answers 413 past it; Undertow's default limit
        // (2 MiB) would answer a bare 400 and close first, which a proxy in front sees as a broken replica.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setHandler(withDate(routes()))
        .build();
    try {
      candidate.start();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UncheckedIOException("origin " + config.id() + ": cannot listen on " + listen.getAddress().getHostAddress()
          + ":" + listen.getPort() + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    server = candidate;
    bound = (InetSocketAddress) candidate.getListenerInfo().get(0).getAddress();
    return this;
  }

  private HttpHandler routes() {
    return new PathHandler(new CatalogHandler(new ContentCatalog(config.catalog()), clock, requests, bytes))
        .addExactPath("/health", exchange -> CatalogHandler.respondText(exchange, 200, "ok"))
        .addPrefixPath("/api", new ApiHandler(config.id(), requests))
        .addExactPath("/metrics", new ScrapeHandler(new OriginMetrics(config.id(), requests::sum, bytes::sum).registry()))
        .addExactPath("/_origin/stats", exchange -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
          exchange.getResponseSender().send(statsJson());
        });
  }

  /** Date comes from the injected clock, so caches in tests can reason about age on a fake clock. */
  private HttpHandler withDate(HttpHandler next) {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.DATE, DateUtils.toDateString(Date.from(clock.instant())));
      next.handleRequest(exchange);
    };
  }

  private String statsJson() {
    return "{\"id\":\"" + config.id() + "\",\"requests\":" + requests.sum() + ",\"bytes\":" + bytes.sum() + "}";
  }

  public String id() {
    return config.id();
  }

  /** The port actually bound (useful after listening on port 0). */
  public synchronized int port() {
    if (bound == null) throw new IllegalStateException("origin " + config.id() + " is not started");
    return bound.getPort();
  }

  /** The address actually bound. */
  public synchronized InetSocketAddress address() {
    if (bound == null) throw new IllegalStateException("origin " + config.id() + " is not started");
    return bound;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Object requests answered (200, 206 or 304) since this replica was created. */
  public long requestsServed() {
    return requests.sum();
  }

  /** Body bytes sent since this replica was created. */
  public long bytesServed() {
    return bytes.sum();
  }

  /** Stops listening and frees the port; idempotent. */
  @Override
  public synchronized void close() {
    if (server == null) return;
    server.stop();
    server = null;
  }

  @Override
  public String toString() {
    return "OriginServer{" + config.id() + " " + (bound != null ? bound : config.listen()) + "}";
  }
}
