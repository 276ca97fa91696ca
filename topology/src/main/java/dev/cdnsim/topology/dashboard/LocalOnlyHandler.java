package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.URI;

/**
 * Keeps other web sites away from the buttons. Listening on loopback keeps other machines out, but not pages
 * that the user's own browser opens: a page elsewhere may POST to {@code 127.0.0.1:8090} (a cross-site request)
 * or rebind its own host name to 127.0.0.1. So every request must name a loopback host in {@code Host}, and a
 * request that changes anything must not carry an {@code Origin} other than its own host. {@code curl}, which
 * sends no {@code Origin}, is let through. Refused requests get 403.
 */
final class LocalOnlyHandler implements HttpHandler {
  private final HttpHandler next;

  LocalOnlyHandler(HttpHandler next) {
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host == null || !isLoopbackHost(host)) {
      refuse(exchange, "403 the dashboard answers only to a loopback host name\n");
      return;
    }
    boolean safe = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (!safe && origin != null && !sameHost(origin, host)) {
      refuse(exchange, "403 cross-origin requests may not change the topology\n");
      return;
    }
    next.handleRequest(exchange);
  }

  /** {@code host[:port]} names this machine's loopback: localhost, 127.x.y.z or [::1]. */
  static boolean isLoopbackHost(String hostHeader) {
    String host = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 && host.substring(1, end).equals("::1");
    }
    int colon = host.indexOf(':');
    if (colon >= 0) host = host.substring(0, colon);
    return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static boolean sameHost(String origin, String host) {
    try {
      URI uri = URI.create(origin);
      return uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void refuse(HttpServerExchange exchange, String message) {
    exchange.setStatusCode(403);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(message);
  }

  @Override
  public String toString() {
    return "LocalOnlyHandler{" + next + "}";
  }
}
