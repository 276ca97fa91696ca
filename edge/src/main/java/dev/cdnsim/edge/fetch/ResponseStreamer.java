package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.StoredResponseWriter;
import dev.cdnsim.edge.observe.CacheStatus;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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

  ResponseStreamer(StoredResponseWriter decor) {
    this.decor = requireNonNull(decor, "decor");
  }

  /** Streams {@code r} (after the {@code head} bytes already read from it) as {@code status}. */
  void stream(HttpServerExchange exchange, OriginResponse r, byte[] head, int headLength, CacheStatus status,
      String params) throws IOException {
    try (r) {
      boolean noBody = !head(exchange, r.status(), r.headers(), r.contentLength(), status, params);
      if (noBody) {
        if (exchange.isBlocking()) exchange.endExchange();
        else exchange.getIoThread().execute(exchange::endExchange);
        return;
      }
      long length = r.contentLength().orElse(-1);
      if (!exchange.isBlocking() && length >= headLength && length <= SMALL_BODY) {
        sendFromIoThread(exchange, r, head, headLength, (int) length);
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
    return finishHead(exchange, code, length, status, decor.cacheStatus(params));
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
   * null), {@code X-Cache}, {@code Cache-Status} (the whole value, {@link #cacheStatus}) and {@code Via}. Returns
   * whether the response has a body.
   */
  boolean finishHead(HttpServerExchange exchange, int code, String contentLength, CacheStatus status,
      String cacheStatus) {
    exchange.putAttachment(CacheStatus.KEY, status);
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
   * Reads the rest of a body of {@code length} bytes and has the I/O thread send it; a body that ends
   * early throws before anything is sent (so the client gets a 502, not a short body).
   */
  private static void sendFromIoThread(HttpServerExchange exchange, OriginResponse r, byte[] head, int headLength,
      int length) throws IOException {
    byte[] body = new byte[length];
    System.arraycopy(head, 0, body, 0, headLength);
    int read = headLength + r.body().readNBytes(body, headLength, length - headLength);
    if (read < length) throw new IOException("origin body ended after " + read + " of " + length + " bytes");
    // Content-Length framing ends the body here; reading its end hands the origin connection back at once.
    if (r.body().read() != -1) throw new IOException("origin body longer than its Content-Length " + length);
    exchange.putAttachment(CacheStatus.BODY_BYTES, (long) length);
    exchange.getIoThread().execute(() -> exchange.getResponseSender().send(ByteBuffer.wrap(body)));
  }
}
