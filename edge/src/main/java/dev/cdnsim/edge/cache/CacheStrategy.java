package dev.cdnsim.edge.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do with a cacheable request given what is stored (RFC 9111 §4, RFC 5861), in the spirit of
 * OkHttp's {@code CacheStrategy}: a pure decision from request directives, the stored response and the
 * time, with no I/O.
 *
 * @param action what to do
 * @param stored the stored response the action refers to (absent for FETCH on a miss)
 * @param forward the RFC 9211 {@code fwd} reason when the request goes to the origin
 */
public record CacheStrategy(Action action, Optional<CachedResponse> stored, String forward) {

  /** The possible outcomes of a lookup. */
  public enum Action {
    /** Serve the stored response: it is fresh enough for this request. */
    SERVE_FRESH,
    /** Serve it stale: the client allowed that with {@code max-stale}. */
    SERVE_STALE,
    /** Serve it stale and revalidate once in the background ({@code stale-while-revalidate}). */
    SERVE_STALE_AND_REVALIDATE,
    /** Ask the origin, conditionally when the stored response has validators. */
    VALIDATE,
    /** Nothing usable is stored: fetch. */
    FETCH,
    /** {@code only-if-cached} and nothing suitable stored: 504 (RFC 9111 §5.2.1.7). */
    UNSATISFIABLE
  }

  /** Decides for a request with directives {@code request} (Pragma already folded in) at {@code now}. */
  public static CacheStrategy decide(CacheControl request, Lookup lookup, Instant now) {
    if (lookup.response().isEmpty()) {
      if (request.onlyIfCached()) return new CacheStrategy(Action.UNSATISFIABLE, Optional.empty(), "miss");
      return new CacheStrategy(Action.FETCH, Optional.empty(), lookup.primaryFound() ? "vary-miss" : "uri-miss");
    }
    CachedResponse stored = lookup.response().get();
    Freshness f = stored.freshness();
    Duration age = f.age(now);
    Duration ttl = f.ttl(now);
    boolean ageOk = request.maxAge().isEmpty() || age.getSeconds() <= request.maxAge().getAsLong();
    boolean freshEnough = request.minFresh().isEmpty() || ttl.getSeconds() >= request.minFresh().getAsLong();
    if (!request.noCache() && f.isFresh(now) && ageOk && freshEnough) {
      return new CacheStrategy(Action.SERVE_FRESH, lookup.response(), "");
    }
    boolean stale = !ttl.isPositive();
    if (!request.noCache() && stale && !f.noCache() && !f.mustRevalidate() && ageOk
        && request.maxStale().isPresent() && f.staleness(now).getSeconds() <= request.maxStale().getAsLong()) {
      return new CacheStrategy(Action.SERVE_STALE, lookup.response(), "");
    }
    boolean clientConstrained = request.noCache() || request.maxAge().isPresent() || request.minFresh().isPresent();
    if (stale && !clientConstrained && f.allowsStaleWhileRevalidate(now)) {
      return new CacheStrategy(Action.SERVE_STALE_AND_REVALIDATE, lookup.response(), "stale");
    }
    if (request.onlyIfCached()) return new CacheStrategy(Action.UNSATISFIABLE, lookup.response(), "miss");
    return new CacheStrategy(Action.VALIDATE, lookup.response(), stale || f.noCache() ? "stale" : "request");
  }

  /**
   * The request directives a cache obeys: {@code Cache-Control}, or {@code Pragma: no-cache} from an
   * HTTP/1.0 client when there is no {@code Cache-Control} (RFC 9111 §5.4).
   */
  public static CacheControl requestDirectives(String cacheControl, String pragma) {
    if (cacheControl == null && pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache")) {
      return CacheControl.parse("no-cache");
    }
    return CacheControl.parse(cacheControl);
  }
}
