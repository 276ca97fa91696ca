package dev.cdnsim.edge.observe;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What the access log says about one finished request. Text fields are as the client sent them (null when absent);
 * {@link AccessLogFormat} escapes them.
 *
 * @param client        the client's address, or null
 * @param time          when the answer was done
 * @param method        the request method
 * @param target        the request target as sent, query included
 * @param protocol      e.g. {@code HTTP/1.1}, {@code HTTP/2.0}
 * @param status        the status code sent
 * @param bodyBytes     body bytes sent
 * @param referer       the {@code Referer} field, or null
 * @param userAgent     the {@code User-Agent} field, or null
 * @param host          the {@code Host} field (HTTP/2: the {@code :authority}), or null
 * @param durationNanos from the request's arrival at the edge's handlers to the end of its answer
 * @param cache         what the edge did ({@code X-Cache}), or null for its own routes (stats, purge, metrics)
 */
public record AccessRecord(String client, Instant time, String method, String target, String protocol, int status,
    long bodyBytes, String referer, String userAgent, String host, long durationNanos, CacheStatus cache) {

  /**
   * A request refused with {@code status} before any handler saw it, known only by its {@code source} and
   * {@code requestLine} (method, target and protocol, each "-" when the line has no such part).
   */
  public static AccessRecord refused(InetSocketAddress source, Instant time, String requestLine, int status,
      long bodyBytes) {
    String[] parts = requestLine.split(" ", 3);
    return new AccessRecord(client(source), time, part(parts, 0), part(parts, 1), part(parts, 2), status, bodyBytes,
        null, null, null, 0, null);
  }

  /** The client's address as logged: its IP in text, or null when unknown. */
  static String client(InetSocketAddress source) {
    return source == null || source.getAddress() == null ? null : source.getAddress().getHostAddress();
  }

  private static String part(String[] parts, int i) {
    return i < parts.length && !parts[i].isEmpty() ? parts[i] : "-";
  }
}
