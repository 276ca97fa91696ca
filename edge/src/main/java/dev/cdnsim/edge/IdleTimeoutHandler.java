package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import io.undertow.conduits.IdleTimeoutConduit;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;

/**
 * Gives an HTTP/1.x connection its idle timeout on its first request: Undertow 2.3 puts an
 * {@link IdleTimeoutConduit} on a connection when {@code IDLE_TIMEOUT} is set but never gives it the value (its
 * HTTP/2 listener does), so a client that stopped reading its answer held the connection, its buffers and a stored
 * body's file for as long as it liked. With the value, a connection on which nothing moves either way for that long
 * is closed (nginx's send_timeout).
 */
final class IdleTimeoutHandler implements HttpHandler {
  private final long idleMillis;
  private final HttpHandler next;

  IdleTimeoutHandler(long idleMillis, HttpHandler next) {
    if (idleMillis <= 0) throw new IllegalArgumentException("idleMillis must be positive");
    this.idleMillis = idleMillis;
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getConnection() instanceof HttpServerConnection http1
        && http1.getOriginalSinkConduit() instanceof IdleTimeoutConduit idle && idle.getIdleTimeout() <= 0) {
      idle.setIdleTimeout(idleMillis);
    }
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "IdleTimeoutHandler(" + idleMillis + " ms) -> " + next;
  }
}
