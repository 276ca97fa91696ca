package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.Served;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Instant;
import java.util.Set;

/**
 * Writes a stored response to a client: answers the client's conditionals with 304, a single Range
 * with 206 (or 416), HEAD without a body, and adds {@code Age}, {@code X-Cache}, {@code Cache-Status}
 * and {@code Via}. The body goes out as a view of the stored buffer or pages, or with sendfile from its file:
 * no copy in the JVM, no blocking, so it runs on the I/O thread.
 */
public final class StoredResponseWriter {
  public static final HttpString X_CACHE = new HttpString("X-Cache");
  public static final HttpString CACHE_STATUS = new HttpString("Cache-Status");

  /** Fields a 304 leaves out (RFC 9110 §15.4.5 lists what it keeps: ETag, Cache-Control, Date, Expires, Vary…). */
  private static final Set<HttpString> NOT_IN_304 = Set.of(Headers.CONTENT_LENGTH, Headers.CONTENT_TYPE,
      Headers.CONTENT_RANGE, Headers.TRANSFER_ENCODING);

  private final String cacheName;
  private final String via;

  /** A writer for the edge called {@code id}: Cache-Status names it {@code cdnsim-<id>}. */
  public StoredResponseWriter(String id) {
    requireNonNull(id, "id");
    this.cacheName = "cdnsim-" + id;
    this.via = "1.1 " + cacheName;
  }

  /** The Cache-Status member for this edge with {@code params} (e.g. "fwd=miss; stored"). */
  public String cacheStatus(String params) {
    return params.isEmpty() ? cacheName : cacheName + "; " + params;
  }

  public String via() {
    return via;
  }

  /**
   * Writes {@code stored} as the answer to the exchange's request at {@code now}, reported as
   * {@code status} with Cache-Status parameters {@code params} (ttl is added here). Returns false, having
   * written nothing, when the stored body was let go of by the cache an instant ago (evicted between the lookup
   * and now): the caller then handles the request as if it had missed.
   */
  public boolean write(HttpServerExchange exchange, CachedResponse stored, CacheStatus status, String params, Instant now) {
    HeaderMap request = exchange.getRequestHeaders();
    HeaderMap out = exchange.getResponseHeaders();
    long ttl = stored.freshness().ttl(now).getSeconds();
    boolean conditionalOk = stored.status() == 200;
    if (conditionalOk && Preconditions.notModified(request.getFirst(Headers.IF_NONE_MATCH),
        request.getFirst(Headers.IF_MODIFIED_SINCE), stored)) {
      Served.status(exchange, status);
      exchange.setStatusCode(304);
      copyHeaders(stored, out, true);
      decorate(out, stored, status, params, ttl, now);
      exchange.endExchange();
      return true;
    }
    int length = stored.bodyLength();
    String range = request.getFirst(Headers.RANGE);
    boolean ranged = range != null && stored.status() == 200
        && Preconditions.rangeAllowed(request.getFirst(Headers.IF_RANGE), stored);
    ByteRange.Answer answer = ByteRange.Answer.of(ranged ? ByteRange.parse(range, length) : new ByteRange.Whole(),
        stored.status(), length);
    int code = answer.status();
    long first = answer.first();
    long count = answer.count();
    String contentRange = answer.contentRange();
    boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
    boolean sendsBody = !head && count > 0;
    if (sendsBody && !stored.body().retain()) return false;
    Served.status(exchange, status);
    exchange.setStatusCode(code);
    copyHeaders(stored, out, false);
    if (contentRange != null) out.put(Headers.CONTENT_RANGE, contentRange);
    out.put(Headers.ACCEPT_RANGES, "bytes");
    out.put(Headers.CONTENT_LENGTH, count);
    decorate(out, stored, status, params, ttl, now);
    if (!sendsBody) {
      exchange.endExchange();
      return true;
    }
    Served.bodyBytes(exchange, count);
    switch (stored.body()) {
      case MemoryBody m -> exchange.getResponseSender().send(m.view().slice((int) first, (int) count));
      case PagedBody p -> PageTransfer.start(exchange, p, first, count);
      case FileBody f -> FileTransfer.start(exchange, f, first, count);
    }
    return true;
  }

  private static void copyHeaders(CachedResponse stored, HeaderMap out, boolean notModified) {
    for (HeaderList.Field f : stored.headers().fields()) {
      HttpString name = f.name();
      if (CachedResponse.EDGE_ONLY.contains(name) || name.equals(Headers.CONTENT_LENGTH)) continue;
      if (notModified && NOT_IN_304.contains(name)) continue;
      out.add(name, f.value());
    }
  }

  private void decorate(HeaderMap out, CachedResponse stored, CacheStatus status, String params, long ttl, Instant now) {
    out.put(Headers.AGE, stored.freshness().age(now).getSeconds());
    out.put(X_CACHE, status.name());
    out.put(CACHE_STATUS, cacheStatus(params.isEmpty() ? "ttl=" + ttl : params + "; ttl=" + ttl));
    out.add(Headers.VIA, via);
  }

  @Override
  public String toString() {
    return "StoredResponseWriter{" + cacheName + "}";
  }
}
