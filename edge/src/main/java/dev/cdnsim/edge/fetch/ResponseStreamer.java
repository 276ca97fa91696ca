package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.ByteRange;
import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.Preconditions;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.Served;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Sends an origin response of a cache fill through to the client without storing it, streaming the body on
 * the calling (virtual) thread; closes the origin response either way. (Passed requests stream on the I/O
 * thread instead: {@link PassExchange}.)
 *
 * <p>A small body of known length, on an exchange not in blocking mode, is read whole here and written
 * from the connection's I/O thread instead, so that the exchange also ends there. An exchange that ends on
 * another thread makes Undertow's I/O thread spin until that thread has re-armed the connection for the
 * next request; on an edge with one CPU that spin takes the CPU from the very thread it waits for.
 */
final class ResponseStreamer {
  /** Bodies up to this size are sent from the I/O thread, read whole first. */
  static final int SMALL_BODY = 64 * 1024;

  private final StoredResponseWriter decor;
  /** Longest a write of the body may wait on the client ({@link StallCut#around}). */
  private final long clientTimeoutMillis;

  ResponseStreamer(StoredResponseWriter decor, Duration clientTimeout) {
    this.decor = requireNonNull(decor, "decor");
    this.clientTimeoutMillis = clientTimeout.toMillis();
  }

  /**
   * Streams {@code r} (after the {@code head} bytes already read from it) as {@code status}. A client that asked
   * for one range of a 200 of known length gets that range as a 206 (or a 416), cut from the stream as nginx's
   * range filter does: the fill asked the origin for the whole object, in order to store it.
   */
  void stream(HttpServerExchange exchange, OriginResponse r, byte[] head, int headLength, CacheStatus status,
      String params) throws IOException {
    try (r) {
      long length = r.contentLength().orElse(-1);
      ByteRange.Answer answer = ByteRange.Answer.of(askedRange(exchange, r), r.status(), length);
      int code = answer.status();
      long first = answer.first();
      long count = answer.count();
      if (answer.contentRange() != null) exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, answer.contentRange());
      OptionalLong declared = count < 0 ? OptionalLong.empty() : OptionalLong.of(count);
      boolean noBody = !head(exchange, code, r.headers(), declared, status, params) || code == 416;
      if (noBody) {
        if (exchange.isBlocking()) exchange.endExchange();
        else exchange.getIoThread().execute(exchange::endExchange);
        return;
      }
      if (!exchange.isBlocking() && length >= headLength && length <= SMALL_BODY) {
        sendFromIoThread(exchange, r, head, headLength, (int) length, (int) first, (int) count);
        return;
      }
      if (!exchange.isBlocking()) exchange.startBlocking();
      long sent = 0;
      try (OutputStream body = StallCut.around(exchange.getOutputStream(), exchange, clientTimeoutMillis)) {
        try {
          // The whole body is read to its end, which hands the origin connection back; a range's rest is not read.
          sent = copy(head, headLength, r.body(), body, first, code == 206 ? count : -1);
        } catch (IOException e) {
          // A body cut short must reach the client cut short: closing the stream would end the response as
          // if complete (Undertow even rewrites Content-Length to what was buffered), so drop the connection.
          exchange.getConnection().close();
          throw e;
        }
      } finally {
        Served.bodyBytes(exchange, sent);
      }
    }
  }

  /**
   * The one range the client asked of {@code r}: only of a 200 to a GET whose length is known, and only if its
   * {@code If-Range} names this representation; otherwise (several ranges too) the whole.
   */
  private static ByteRange.Request askedRange(HttpServerExchange exchange, OriginResponse r) {
    HeaderMap request = exchange.getRequestHeaders();
    String range = request.getFirst(Headers.RANGE);
    if (range == null || r.status() != 200 || r.contentLength().isEmpty()
        || !exchange.getRequestMethod().equals(Methods.GET)
        || !Preconditions.rangeAllowed(request.getFirst(Headers.IF_RANGE), r.headers().first(Headers.ETAG),
            r.headers().first(Headers.LAST_MODIFIED))) {
      return new ByteRange.Whole();
    }
    return ByteRange.parse(range, r.contentLength().getAsLong());
  }

  /**
   * Writes bytes {@code [first, first + count)} of a body that begins with {@code head[0, headLength)} and goes on
   * in {@code in} ({@code count} -1: to its end); returns how many were written.
   */
  private static long copy(byte[] head, int headLength, InputStream in, OutputStream out, long first, long count)
      throws IOException {
    int from = (int) Math.min(first, headLength);
    int n = (int) (count < 0 ? headLength - from : Math.min(headLength - from, count));
    out.write(head, from, n);
    if (first > headLength) in.skipNBytes(first - headLength);
    if (count < 0) return n + copyFlushing(in, out);
    byte[] buffer = new byte[(int) Math.min(count - n, 16 * 1024)];
    for (long left = count - n; left > 0; ) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) throw new EOFException("origin body ended " + left + " bytes before the range did");
      out.write(buffer, 0, read);
      left -= read;
    }
    return count;
  }

  /**
   * Copies {@code in} to its end, flushing after each read: the origin's bytes reach the client as they come (an
   * event stream, a long poll that trickles), rather than when a buffer fills; a body that comes fast goes out in
   * pieces as large as the reads return.
   */
  private static long copyFlushing(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      out.flush();
      total += n;
    }
    return total;
  }

  /**
   * Sets the status and header fields of an origin response passed to the client ({@code headers} without
   * hop-by-hop fields): the origin's end-to-end fields minus those addressed to this edge, its length, and
   * {@code X-Cache}, {@code Cache-Status} and {@code Via}. Returns whether the response has a body.
   */
  boolean head(HttpServerExchange exchange, int code, HeaderList headers, OptionalLong contentLength,
      CacheStatus status, String params) {
    HeaderMap out = exchange.getResponseHeaders();
    for (HeaderList.Field f : headers.fields()) {
      if (passes(f.name())) out.add(f.name(), f.value());
    }
    String length = contentLength.isPresent() ? Long.toString(contentLength.getAsLong()) : null;
    return finishHead(exchange, Served.of(exchange), code, length, status, decor.cacheStatus(params));
  }

  /** The fields of an origin's answer that never go to the client as they came: see {@link #passes}. */
  private static final FieldNames WITHHELD = FieldNames.of(Stream.of(HopByHop.FIXED, CachedResponse.EDGE_ONLY,
      Set.of(Headers.CONTENT_LENGTH)).flatMap(Set::stream).toArray(HttpString[]::new));

  /**
   * Whether an origin's field goes to the client: not a hop-by-hop one (of those every message has; the ones its
   * {@code Connection} names are the caller's to leave out), nor one addressed to this edge, nor the length (the
   * edge sets its own). One lookup, as this runs for each field of every passed answer.
   */
  static boolean passes(HttpString name) {
    return !WITHHELD.contains(name);
  }

  /**
   * Completes a response head whose origin fields are in place: status, length ({@code contentLength}: digits, or
   * null), {@code X-Cache}, {@code Cache-Status} (the whole value, {@link #cacheStatus}) and {@code Via}; records
   * {@code status} in the exchange's {@code served}. Returns whether the response has a body.
   */
  boolean finishHead(HttpServerExchange exchange, Served served, int code, String contentLength, CacheStatus status,
      String cacheStatus) {
    served.answered(status);
    exchange.setStatusCode(code);
    HeaderMap out = exchange.getResponseHeaders();
    out.put(StoredResponseWriter.X_CACHE, status.name());
    out.put(StoredResponseWriter.CACHE_STATUS, cacheStatus);
    out.add(Headers.VIA, decor.via());
    if (contentLength != null && code != 204 && code >= 200) out.put(Headers.CONTENT_LENGTH, contentLength);
    return !(exchange.getRequestMethod().equals(Methods.HEAD) || code == 204 || code == 304 || code < 200);
  }

  /** The whole {@code Cache-Status} value of this edge with {@code params} (e.g. "fwd=miss; stored"). */
  String cacheStatus(String params) {
    return decor.cacheStatus(params);
  }

  /**
   * Reads the rest of a body of {@code length} bytes and has the I/O thread send {@code count} of them from
   * {@code first}; a body that ends early throws before anything is sent (so the client gets a 502, not a short
   * body).
   */
  private static void sendFromIoThread(HttpServerExchange exchange, OriginResponse r, byte[] head, int headLength,
      int length, int first, int count) throws IOException {
    byte[] body = new byte[length];
    System.arraycopy(head, 0, body, 0, headLength);
    int read = headLength + r.body().readNBytes(body, headLength, length - headLength);
    if (read < length) throw new IOException("origin body ended after " + read + " of " + length + " bytes");
    // Content-Length framing ends the body here; reading its end hands the origin connection back at once.
    if (r.body().read() != -1) throw new IOException("origin body longer than its Content-Length " + length);
    Served.bodyBytes(exchange, count);
    exchange.getIoThread().execute(() -> exchange.getResponseSender().send(ByteBuffer.wrap(body, first, count)));
  }
}
