package dev.cdnsim.edge.listen;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import org.xnio.OptionMap;

/**
 * What every listener of an edge shares.
 *
 * @param undertowOptions          Undertow's server options (timeouts, header limits, keep-alive)
 * @param socketOptions            XNIO options of the listening and accepted sockets, over Undertow's defaults
 * @param buffers                  the buffers connections read and write with
 * @param proxyProtocol            whether each connection starts with a PROXY protocol header (v1 or v2)
 * @param proxyHeaderTimeoutMillis how long a connection may take to send that header whole before it is closed
 * @param refused                  told of each request refused below Undertow's handlers
 */
public record ListenerSettings(OptionMap undertowOptions, OptionMap socketOptions, ByteBufferPool buffers,
    boolean proxyProtocol, long proxyHeaderTimeoutMillis, RefusedRequests refused) {
  public ListenerSettings {
    requireNonNull(undertowOptions, "undertowOptions");
    requireNonNull(refused, "refused");
    requireNonNull(socketOptions, "socketOptions");
    requireNonNull(buffers, "buffers");
    if (proxyHeaderTimeoutMillis <= 0) {
      throw new IllegalArgumentException("proxyHeaderTimeoutMillis must be positive, was " + proxyHeaderTimeoutMillis);
    }
  }
}
