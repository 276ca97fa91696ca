package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Answers 431 Request Header Fields Too Large (RFC 6585) when a request's header fields add up to more than
 * {@code maxBytes}, or 414 URI Too Long (RFC 9110 §15.5.15) when its target alone does, as nginx answers, before
 * anything else looks at it. Undertow's own parser refuses much larger heads with a bare 400 and no reason; this
 * limit sits below that one so users get the status that says what is wrong.
 */
final class HeaderLimitHandler implements HttpHandler {
  private final int maxBytes;
  private final HttpHandler next;

  HeaderLimitHandler(int maxBytes, HttpHandler next) {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
    this.maxBytes = maxBytes;
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long target = exchange.getRequestURI().length() + exchange.getQueryString().length();
    if (target > maxBytes) {
      refuse(exchange, StatusCodes.REQUEST_URI_TOO_LARGE, "request target is " + target + " bytes");
      return;
    }
    long size = target;
    // Without iterators: this runs for every request.
    HeaderMap fields = exchange.getRequestHeaders();
    for (long c = fields.fastIterateNonEmpty(); c != -1; c = fields.fiNextNonEmpty(c)) {
      HeaderValues field = fields.fiCurrent(c);
      int line = field.getHeaderName().length() + 4;   // ": " and CRLF
      for (int i = 0, n = field.size(); i < n; i++) size += line + field.get(i).length();
    }
    if (size > maxBytes) {
      refuse(exchange, StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields are " + size + " bytes");
      return;
    }
    next.handleRequest(exchange);
  }

  private void refuse(HttpServerExchange exchange, int status, String what) {
    exchange.setStatusCode(status);
    exchange.setPersistent(false);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(what + ", over the limit of " + maxBytes + "\n");
  }

  @Override
  public String toString() {
    return "HeaderLimitHandler(" + maxBytes + ") -> " + next;
  }
}
