package dev.cdnsim.edge.observe;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** Writes the edge's own error responses: a status, a one-line plain-text reason, X-Cache ERROR, Cache-Status. */
public final class ErrorWriter {
  private static final HttpString X_CACHE = new HttpString("X-Cache");
  private static final HttpString CACHE_STATUS = new HttpString("Cache-Status");
  private final String cacheName;

  public ErrorWriter(String id) {
    this.cacheName = "cdnsim-" + requireNonNull(id, "id");
  }

  /** Answers with {@code status} and {@code reason}; {@code params} are Cache-Status parameters (may be empty). */
  public void send(HttpServerExchange exchange, int status, String reason, String params) {
    if (exchange.isResponseStarted()) {
      // Headers are gone already: all that is left is to cut the connection so the client sees a truncation.
      org.xnio.IoUtils.safeClose(exchange.getConnection());
      return;
    }
    Served.status(exchange, CacheStatus.ERROR);
    exchange.setStatusCode(status);
    var out = exchange.getResponseHeaders();
    out.clear();
    out.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    out.put(Headers.CACHE_CONTROL, "no-store");
    out.put(X_CACHE, CacheStatus.ERROR.name());
    out.put(CACHE_STATUS, params.isEmpty() ? cacheName : cacheName + "; " + params);
    String body = status + " " + reason.replaceAll("[\\r\\n]+", " ") + "\n";
    Served.bodyBytes(exchange, body.length());
    exchange.getResponseSender().send(body);
  }
}
