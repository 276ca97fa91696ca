package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tiny dynamic API under {@code /api/}: any method, answered with which replica served it, never cacheable
 * ({@code private, no-store}). It is what session affinity and pass-through routes are for: with a route
 * cookie, every answer names the same replica.
 */
final class ApiHandler implements HttpHandler {
  /** Request bodies are read and counted up to this many bytes, then the request is refused. */
  private static final long MAX_BODY = 16L * 1024 * 1024;
  private final String replica;
  private final LongAdder requests;

  ApiHandler(String replica, LongAdder requests) {
    this.replica = requireNonNull(replica, "replica");
    this.requests = requireNonNull(requests, "requests");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    if (exchange.isInIoThread()) { // reading a body blocks: leave the I/O thread
      exchange.dispatch(this);
      return;
    }
    exchange.startBlocking();
    long body = 0;
    try (InputStream in = exchange.getInputStream()) {
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0 && body <= MAX_BODY; ) body += n;
    }
    if (body > MAX_BODY) {
      CatalogHandler.respondText(exchange, 413, "request body over " + MAX_BODY + " bytes");
      return;
    }
    requests.increment();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
    exchange.getResponseSender().send("{\"replica\":\"" + replica + "\",\"method\":\"" + exchange.getRequestMethod()
        + "\",\"path\":\"" + jsonEscape(exchange.getRelativePath()) + "\",\"bodyBytes\":" + body + "}\n");
  }

  private static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ApiHandler{" + replica + "}";
  }
}
