package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ByteRange;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves the objects of a {@link ContentCatalog} ({@code /objects/{n}} and its other classes) as they are now,
 * with validators, conditional requests and single byte ranges; the query string is ignored. Counts the requests it answers.
 */
final class CatalogHandler implements HttpHandler {
  /** Bodies above this are generated off the I/O thread. */
  private static final long INLINE_LIMIT = 128 * 1024;
  private final ContentCatalog catalog;
  private final Clock clock;
  private final LongAdder requests;
  private final LongAdder bytes;

  CatalogHandler(ContentCatalog catalog, Clock clock, LongAdder requests, LongAdder bytes) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.clock = requireNonNull(clock, "clock");
    this.requests = requireNonNull(requests, "requests");
    this.bytes = requireNonNull(bytes, "bytes");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
    if (!head && !exchange.getRequestMethod().equals(Methods.GET)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      respondText(exchange, StatusCodes.METHOD_NOT_ALLOWED, "only GET and HEAD");
      return;
    }
    Optional<CatalogObject> found = catalog.lookup(exchange.getRelativePath(), clock.instant());
    if (found.isEmpty()) {
      respondText(exchange, StatusCodes.NOT_FOUND, "no such object");
      return;
    }
    CatalogObject object = found.get();
    if (object.size() > INLINE_LIMIT && exchange.isInIoThread() && !head) {
      exchange.dispatch(this);
      return;
    }
    requests.increment();
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.ETAG, object.etag());
    headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(Date.from(object.lastModified())));
    if (!object.cacheControl().isEmpty()) headers.put(Headers.CACHE_CONTROL, object.cacheControl());
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    headers.put(Headers.CONTENT_TYPE, "application/octet-stream");
    var request = exchange.getRequestHeaders();
    if (Preconditions.notModified(request.getFirst(Headers.IF_NONE_MATCH), request.getFirst(Headers.IF_MODIFIED_SINCE),
        object.etag(), object.lastModified())) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    respondBody(exchange, object, head);
  }

  private void respondBody(HttpServerExchange exchange, CatalogObject object, boolean head) {
    long start = 0;
    long length = object.size();
    ByteRange range = ByteRange.parse(exchange.getRequestHeaders().getFirst(Headers.RANGE));
    if (range != null && range.getRanges() == 1) {
      ByteRange.RangeResponseResult result = range.getResponseResult(object.size(),
          exchange.getRequestHeaders().getFirst(Headers.IF_RANGE), java.util.Date.from(object.lastModified()), object.etag());
      if (result != null) {
        exchange.setStatusCode(result.getStatusCode());
        exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, result.getContentRange());
        if (result.getStatusCode() == StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE) {
          exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
          exchange.endExchange();
          return;
        }
        start = result.getStart();
        length = result.getContentLength();
      }
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
    if (head) {
      exchange.endExchange();
      return;
    }
    ByteBuffer body = object.body().position((int) start).limit((int) (start + length));
    bytes.add(length);
    exchange.getResponseSender().send(body);
  }

  static void respondText(HttpServerExchange exchange, int status, String reason) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(reason + "\n");
  }

  @Override
  public String toString() {
    return "CatalogHandler{" + catalog + "}";
  }
}
