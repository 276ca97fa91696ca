package dev.cdnsim.edge.listen;

import java.net.InetSocketAddress;

/**
 * Told of each request a listener refuses below Undertow's handlers (a malformed request line or field line, a bad Host),
 * which no handler sees: the access log's line for it.
 */
@FunctionalInterface
public interface RefusedRequests {
  RefusedRequests NONE = (client, requestLine, status, bodyBytes) -> { };

  /**
   * On the connection's I/O thread: {@code client} (null when unknown) sent a request with {@code requestLine}
   * (as its bytes came, cut to {@link FieldLineCheck#MAX_REQUEST_LINE}), refused with {@code status} and an answer
   * whose body is {@code bodyBytes} long (0 when the connection was closed with no answer).
   */
  void refused(InetSocketAddress client, String requestLine, int status, int bodyBytes);
}
