package dev.cdnsim.edge.observe;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Writes one access log line per request once its answer is done, as nginx's {@code access_log} does. Outermost on
 * the request path, so the edge's own refusals (431, 400) and admin routes are logged too; requests Undertow's parser
 * refuses before any handler sees them are not.
 */
public final class AccessLogHandler implements HttpHandler {
  private final AccessLog log;
  private final AccessLogFormat format = new AccessLogFormat();
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final HttpHandler next;

  /** {@code nanoTime} measures each request's time ({@code System::nanoTime}); {@code clock} stamps its line. */
  public AccessLogHandler(AccessLog log, Clock clock, LongSupplier nanoTime, HttpHandler next) {
    this.log = requireNonNull(log, "log");
    this.clock = requireNonNull(clock, "clock");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = nanoTime.getAsLong();
    Served served = Served.of(exchange);
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      try {
        log.log(format.line(record(ex, served, nanoTime.getAsLong() - start)));
      } finally {
        nextListener.proceed();
      }
    });
    next.handleRequest(exchange);
  }

  private AccessRecord record(HttpServerExchange ex, Served served, long durationNanos) {
    String query = ex.getQueryString();
    String target = query == null || query.isEmpty() ? ex.getRequestURI() : ex.getRequestURI() + "?" + query;
    long body = served.bodyBytes() >= 0 ? served.bodyBytes() : ex.getResponseBytesSent();
    return new AccessRecord(AccessRecord.client(ex.getSourceAddress()), clock.instant(),
        ex.getRequestMethod().toString(), target, ex.getProtocol().toString(), ex.getStatusCode(), body,
        ex.getRequestHeaders().getFirst(Headers.REFERER), ex.getRequestHeaders().getFirst(Headers.USER_AGENT),
        ex.getRequestHeaders().getFirst(Headers.HOST), durationNanos, served.status());
  }

  @Override
  public String toString() {
    return "AccessLogHandler(" + log + ") -> " + next;
  }
}
