package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.observe.CacheStatus;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends an origin response through to the client without storing it, streaming the body on the
 * calling (virtual) thread; closes the origin response either way.
 */
final class ResponseStreamer {
  private final StoredResponseWriter decor;

  ResponseStreamer(StoredResponseWriter decor) {
    this.decor = requireNonNull(decor, "decor");
  }

  /** Streams {@code r} (after the {@code head} bytes already read from it) as {@code status}. */
  void stream(HttpServerExchange exchange, OriginResponse r, byte[] head, int headLength, CacheStatus status,
      String params) throws IOException {
    try (r) {
      exchange.putAttachment(CacheStatus.KEY, status);
      exchange.setStatusCode(r.status());
      HeaderMap out = exchange.getResponseHeaders();
      for (HeaderList.Field f : r.headers().fields()) {
        if (!CachedResponse.EDGE_ONLY.contains(f.name()) && !f.name().equals(Headers.CONTENT_LENGTH)) out.add(f.name(), f.value());
      }
      out.put(StoredResponseWriter.X_CACHE, status.name());
      out.put(StoredResponseWriter.CACHE_STATUS, decor.cacheStatus(params));
      out.add(Headers.VIA, decor.via());
      boolean noBody = exchange.getRequestMethod().equals(Methods.HEAD) || r.status() == 204 || r.status() == 304
          || r.status() < 200;
      if (r.contentLength().isPresent() && r.status() != 204 && r.status() >= 200) {
        out.put(Headers.CONTENT_LENGTH, r.contentLength().getAsLong());
      }
      if (noBody) {
        exchange.endExchange();
        return;
      }
      if (!exchange.isBlocking()) exchange.startBlocking();
      long sent = headLength;
      try (OutputStream body = exchange.getOutputStream()) {
        try {
          body.write(head, 0, headLength);
          sent += r.body().transferTo(body);
        } catch (IOException e) {
          // A body cut short must reach the client cut short: closing the stream would end the response as
          // if complete (Undertow even rewrites Content-Length to what was buffered), so drop the connection.
          exchange.getConnection().close();
          throw e;
        }
      } finally {
        exchange.putAttachment(CacheStatus.BODY_BYTES, sent);
      }
    }
  }
}
