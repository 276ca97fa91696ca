package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The primary cache key (RFC 9111 §4.1): scheme, host (with port, lower-cased) and the request target's
 * path and query as the client sent them. GET and HEAD share a key: a HEAD is answered from a stored GET.
 */
public record CacheKey(String scheme, String host, String pathAndQuery) {
  public CacheKey {
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    requireNonNull(pathAndQuery, "pathAndQuery");
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
  }

  /**
   * The key of {@code reference} resolved against this key's URL, if it names the same scheme and host
   * (RFC 9111 §4.4: only same-origin Location/Content-Location are invalidated).
   */
  public Optional<CacheKey> resolveSameOrigin(String reference) {
    try {
      URI resolved = URI.create(url()).resolve(reference.trim());
      if (resolved.getRawAuthority() == null || resolved.getScheme() == null) return Optional.empty();
      CacheKey other = new CacheKey(resolved.getScheme(), resolved.getRawAuthority(), pathAndQuery(resolved));
      return other.scheme.equals(scheme) && other.host.equals(host) ? Optional.of(other) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Scheme, Host (lower-cased; the listener's address for HTTP/1.0 without Host), raw path and query. */
  public static CacheKey of(HttpServerExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host == null || host.isBlank()) host = exchange.getHostAndPort();
    String target = exchange.getRequestURI();
    if (exchange.isHostIncludedInRequestURI()) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    String query = exchange.getQueryString();
    return new CacheKey(exchange.getRequestScheme(), host, query.isEmpty() ? target : target + "?" + query);
  }

  /** Parses an absolute URL into a key. */
  public static Optional<CacheKey> ofUrl(String url) {
    try {
      URI u = URI.create(url.trim());
      if (u.getScheme() == null || u.getRawAuthority() == null) return Optional.empty();
      return Optional.of(new CacheKey(u.getScheme(), u.getRawAuthority(), pathAndQuery(u)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String pathAndQuery(URI u) {
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
  }

  /** Characters of its host and target, for the cache's weigher (the rest is in an entry's fixed overhead). */
  int weight() {
    return host.length() + pathAndQuery.length();
  }

  public String url() {
    return scheme + "://" + host + pathAndQuery;
  }

  @Override
  public String toString() {
    return url();
  }
}
