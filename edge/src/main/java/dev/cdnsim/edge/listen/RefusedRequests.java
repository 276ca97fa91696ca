package dev.cdnsim.edge.listen;

import java.net.InetSocketAddress;

/**
 * Told of each request a listener refuses below Undertow's handlers (a malformed field line, {@link FieldLineCheck}),
 * which no handler sees: the access log's line for it.
 */
@FunctionalInterface
public interface RefusedRequests {
  RefusedRequests NONE = (client, requestLine) -> { };

  /**
   * On the connection's I/O thread: {@code client} (null when unknown) sent a request with {@code requestLine}
   * (as its bytes came, cut to {@link FieldLineCheck#MAX_REQUEST_LINE}), refused with 400.
   */
  void refused(InetSocketAddress client, String requestLine);
}
