package dev.cdnsim.edge.observe;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Counts every proxied request once it completes, by the {@link CacheStatus} the inner handlers
 * attached; exchanges without one (admin routes) are not counted.
 */
public final class StatsHandler implements HttpHandler {
  private final EdgeCounters counters;
  private final HttpHandler next;

  public StatsHandler(EdgeCounters counters, HttpHandler next) {
    this.counters = requireNonNull(counters, "counters");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    counters.inFlight(1);
    Served served = Served.of(exchange);
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      try {
        counters.inFlight(-1);
        if (served.status() != null) counters.served(served.status(), Math.max(0, served.bodyBytes()));
      } finally {
        nextListener.proceed();
      }
    });
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "StatsHandler -> " + next;
  }
}
