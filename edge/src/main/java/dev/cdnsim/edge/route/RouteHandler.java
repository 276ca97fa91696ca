package dev.cdnsim.edge.route;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CacheControl;
import dev.cdnsim.edge.cache.CacheKey;
import dev.cdnsim.edge.cache.CachePlan;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * Sends requests on a PASS route straight to the origin side with a PASS {@link CachePlan} (the cache
 * neither answers nor stores them); requests on a CACHE route go on to the cache ({@code next}).
 */
public final class RouteHandler implements HttpHandler {
  private final Routes routes;
  private final HttpHandler origin;
  private final HttpHandler next;

  public RouteHandler(Routes routes, HttpHandler origin, HttpHandler next) {
    this.routes = requireNonNull(routes, "routes");
    this.origin = requireNonNull(origin, "origin");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    CacheKey key = CacheKey.of(exchange);
    if (routes.match(key.host(), key.pathAndQuery()).mode() == RouteConfig.Mode.PASS) {
      exchange.putAttachment(CachePlan.KEY, new CachePlan(key, CachePlan.Kind.PASS, Optional.empty(), "route",
          CacheControl.NONE));
      origin.handleRequest(exchange);
    } else {
      next.handleRequest(exchange);
    }
  }

  @Override
  public String toString() {
    return "RouteHandler(" + routes + ") -> " + next;
  }
}
