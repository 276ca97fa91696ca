package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.observe.ErrorWriter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;

/**
 * Answers 400 when the request target is in none of the forms an edge serves (RFC 9112 §3.2): a path from "/"
 * (origin-form), an absolute URL (absolute-form, which Undertow turns into its path), or "*" for OPTIONS. Undertow
 * passes other targets on as they came ({@code GET 0r HTTP/1.1}, or the authority of a CONNECT), and no cache key
 * or origin URL can be made of them.
 */
final class RequestTargetHandler implements HttpHandler {
  private final ErrorWriter errors;
  private final HttpHandler next;

  RequestTargetHandler(ErrorWriter errors, HttpHandler next) {
    this.errors = requireNonNull(errors, "errors");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    if (path.startsWith("/") || (path.equals("*") && exchange.getRequestMethod().equals(Methods.OPTIONS))) {
      next.handleRequest(exchange);
      return;
    }
    exchange.setPersistent(false);
    errors.send(exchange, 400, "the request target must be a path starting with /, an absolute URL, or * for OPTIONS",
        "detail=bad-request-target");
  }

  @Override
  public String toString() {
    return "RequestTargetHandler -> " + next;
  }
}
