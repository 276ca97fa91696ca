package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Answers 431 Request Header Fields Too Large (RFC 6585) when a request's header fields add up to more than
 * {@code maxBytes}, before anything else looks at it. Undertow's own parser refuses much larger headers with a
 * bare 400 and no reason; this limit sits below that one so users get the status that says what is wrong.
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
    long size = exchange.getRequestURI().length() + exchange.getQueryString().length();
    for (HeaderValues field : exchange.getRequestHeaders()) {
      for (String value : field) size += field.getHeaderName().length() + value.length() + 4; // ": " and CRLF
    }
    if (size > maxBytes) {
      exchange.setStatusCode(StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE);
      exchange.setPersistent(false);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("request header fields are " + size + " bytes, over the limit of " + maxBytes + "\n");
      return;
    }
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "HeaderLimitHandler(" + maxBytes + ") -> " + next;
  }
}
