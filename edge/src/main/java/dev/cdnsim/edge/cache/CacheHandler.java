package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.ErrorWriter;
import dev.cdnsim.edge.route.UpgradeRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers GET and HEAD from the cache when {@link CacheStrategy} allows it, on the I/O thread; for
 * everything else it attaches a {@link CachePlan} and calls {@code next} (the origin side).
 */
public final class CacheHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(CacheHandler.class.getName());
  private final ResponseCache cache;
  private final StoredResponseWriter writer;
  private final ErrorWriter errors;
  private final Revalidator revalidator;
  private final Clock clock;
  private final HttpHandler next;

  public CacheHandler(ResponseCache cache, StoredResponseWriter writer, ErrorWriter errors, Revalidator revalidator,
      Clock clock, HttpHandler next) {
    this.cache = requireNonNull(cache, "cache");
    this.writer = requireNonNull(writer, "writer");
    this.errors = requireNonNull(errors, "errors");
    this.revalidator = requireNonNull(revalidator, "revalidator");
    this.clock = requireNonNull(clock, "clock");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      // A bug here must not become Undertow's default page or a dropped connection: answer 500 and log it.
      LOG.log(System.Logger.Level.ERROR, "cache lookup of " + exchange.getRequestURI() + " failed", e);
      errors.send(exchange, 500, "edge internal error", "detail=internal");
    }
  }

  private void route(HttpServerExchange exchange) throws Exception {
    CacheKey key = CacheKey.of(exchange);
    HeaderMap request = exchange.getRequestHeaders();
    CacheControl requestCc = CacheStrategy.requestDirectives(joined(request, Headers.CACHE_CONTROL), request.getFirst(Headers.PRAGMA));
    HttpString method = exchange.getRequestMethod();
    if (UpgradeRequest.protocols(exchange) != null) {
      // Its answer is a connection, not a representation: passed, and tunnelled after a 101.
      pass(exchange, key, UpgradeRequest.REASON, requestCc);
      return;
    }
    if (!isGetOrHead(method)) {
      pass(exchange, key, "method", requestCc);
      return;
    }
    if (request.contains(Headers.AUTHORIZATION)) {
      // RFC 9111 §3.5: a response to one user's credentials is not served to another.
      pass(exchange, key, "authorization", requestCc);
      return;
    }
    Instant now = clock.instant();
    CacheStrategy strategy = CacheStrategy.decide(requestCc, cache.lookup(key, request), now);
    switch (strategy.action()) {
      case SERVE_FRESH -> serve(exchange, key, requestCc, strategy, CacheStatus.HIT, "hit", now);
      case SERVE_STALE -> serve(exchange, key, requestCc, strategy, CacheStatus.STALE, "hit; detail=max-stale", now);
      case SERVE_STALE_AND_REVALIDATE -> {
        revalidator.revalidateInBackground(key, HeaderList.of(request), strategy.stored().get());
        serve(exchange, key, requestCc, strategy, CacheStatus.STALE, "hit; detail=stale-while-revalidate", now);
      }
      case UNSATISFIABLE -> errors.send(exchange, 504, "only-if-cached: no suitable stored response", "detail=only-if-cached");
      case VALIDATE -> forward(exchange, new CachePlan(key, CachePlan.Kind.VALIDATE, strategy.stored(), strategy.forward(), requestCc));
      case FETCH -> forward(exchange, new CachePlan(key, CachePlan.Kind.FETCH, Optional.empty(), strategy.forward(), requestCc));
    }
  }

  /** Serves the stored response, or fetches when the cache let go of its body between the lookup and now. */
  private void serve(HttpServerExchange exchange, CacheKey key, CacheControl requestCc, CacheStrategy strategy,
      CacheStatus status, String params, Instant now) throws Exception {
    if (!writer.write(exchange, strategy.stored().get(), status, params, now)) {
      forward(exchange, new CachePlan(key, CachePlan.Kind.FETCH, Optional.empty(), "uri-miss", requestCc));
    }
  }

  private void pass(HttpServerExchange exchange, CacheKey key, String why, CacheControl requestCc) throws Exception {
    forward(exchange, new CachePlan(key, CachePlan.Kind.PASS, Optional.empty(), why, requestCc));
  }

  private void forward(HttpServerExchange exchange, CachePlan plan) throws Exception {
    exchange.putAttachment(CachePlan.KEY, plan);
    next.handleRequest(exchange);
  }

  /**
   * Whether the method is GET or HEAD, exactly: methods are case-sensitive (RFC 9110 §9.1), so "get" is another
   * method, passed on as it came rather than served as GET (HttpString.equals ignores case). Undertow's parser
   * hands out the Methods constants, whose strings are made once.
   */
  private static boolean isGetOrHead(HttpString method) {
    String m = method.toString();
    return m.equals(Methods.GET_STRING) || m.equals(Methods.HEAD_STRING);
  }

  private static String joined(HeaderMap headers, HttpString name) {
    var values = headers.get(name);
    return values == null || values.isEmpty() ? null : String.join(",", values);
  }

  @Override
  public String toString() {
    return "CacheHandler(" + cache + ") -> " + next;
  }
}
