package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CacheKey;
import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.ErrorWriter;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Forwards a request the cache does not handle (other methods, credentials, oversized objects) and
 * streams the answer back. A successful unsafe request invalidates the stored responses of its target
 * and of a same-origin {@code Location} / {@code Content-Location} (RFC 9111 §4.4).
 */
final class PassThrough {
  /** Largest request body forwarded; larger bodies get 413 (the edge buffers them to retry replicas). */
  static final int MAX_REQUEST_BODY = 16 * 1024 * 1024;
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final OriginClient client;
  private final ResponseCache cache;
  private final ProxyHeaders proxyHeaders;
  private final ResponseStreamer streamer;
  private final ErrorWriter errors;

  PassThrough(OriginClient client, ResponseCache cache, ProxyHeaders proxyHeaders, ResponseStreamer streamer,
      ErrorWriter errors) {
    this.client = requireNonNull(client, "client");
    this.cache = requireNonNull(cache, "cache");
    this.proxyHeaders = requireNonNull(proxyHeaders, "proxyHeaders");
    this.streamer = requireNonNull(streamer, "streamer");
    this.errors = requireNonNull(errors, "errors");
  }

  void forward(HttpServerExchange exchange, CachePlan plan) throws IOException, InterruptedException {
    byte[] body = new byte[0];
    // Blocking mode only to read a body: without it a small answer is sent from the I/O thread (ResponseStreamer).
    if (mayHaveBody(exchange)) {
      exchange.startBlocking();
      try (InputStream in = exchange.getInputStream()) {
        body = in.readNBytes(MAX_REQUEST_BODY + 1);
      }
    }
    if (body.length > MAX_REQUEST_BODY) {
      errors.send(exchange, 413, "request body larger than " + MAX_REQUEST_BODY + " bytes", "fwd=bypass");
      return;
    }
    String method = exchange.getRequestMethod().toString();
    OriginResponse r = client.send(new OriginRequest(method, plan.key().pathAndQuery(), plan.key().url(),
        proxyHeaders.forPass(exchange), body));
    if (!SAFE.contains(method) && r.status() >= 200 && r.status() < 400) invalidate(plan.key(), r);
    String fwd = plan.reason().equals("method") ? "fwd=method" : "fwd=bypass; detail=" + plan.reason();
    streamer.stream(exchange, r, new byte[0], 0, CacheStatus.PASS, fwd + "; fwd-status=" + r.status());
  }

  /** An HTTP/1.x request has a body only with Content-Length or Transfer-Encoding (RFC 9112 §6.3); HTTP/2 may have one anyway. */
  private static boolean mayHaveBody(HttpServerExchange exchange) {
    boolean http1 = exchange.isHttp11() || exchange.isHttp10() || exchange.isHttp09();
    return !http1 || exchange.getRequestContentLength() > 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
  }

  private void invalidate(CacheKey key, OriginResponse r) {
    cache.invalidate(key);
    for (var field : Set.of(Headers.LOCATION, Headers.CONTENT_LOCATION)) {
      r.headers().first(field).flatMap(key::resolveSameOrigin).ifPresent(cache::invalidate);
    }
  }
}
