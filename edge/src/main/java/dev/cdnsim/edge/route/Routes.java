package dev.cdnsim.edge.route;

import java.util.Comparator;
import java.util.List;

/**
 * Matches a request's host and path to its route: among the routes whose prefix the path starts
 * with, an exact host beats "*", then the longest prefix wins; with no match, the fallback.
 */
public final class Routes {
  private final List<RouteConfig> ordered;
  private final RouteConfig fallback;

  /** {@code routes} with {@code fallback} for requests none of them matches. */
  public Routes(List<RouteConfig> routes, RouteConfig fallback) {
    // Most specific first, so the first match is the answer.
    this.ordered = routes.stream()
        .sorted(Comparator.comparing((RouteConfig r) -> r.host().equals("*"))
            .thenComparing(r -> -r.pathPrefix().length()))
        .toList();
    this.fallback = fallback;
  }

  /** The routes of {@code config}; unmatched requests go to its first pool, cached. */
  public static Routes of(BalancerConfig config) {
    return new Routes(config.routes(), RouteConfig.cache("/", config.pools().get(0).name()));
  }

  /**
   * The route for {@code hostHeader} (a Host value, port allowed) and {@code path} (query allowed). The asterisk
   * form of {@code OPTIONS *}, which asks about the server as a whole, is matched as "/".
   */
  public RouteConfig match(String hostHeader, String path) {
    if (path.equals("*")) path = "/";
    for (RouteConfig r : ordered) {
      if (path.startsWith(r.pathPrefix()) && (r.host().equals("*") || hostMatches(r.host(), hostHeader))) return r;
    }
    return fallback;
  }

  /** The route of an absolute URL such as a cache key's ({@code http://www.cdn.test/objects/1}). */
  public RouteConfig matchUrl(String url) {
    int authority = url.indexOf("://");
    int start = authority < 0 ? 0 : authority + 3;
    int slash = url.indexOf('/', start);
    return slash < 0 ? match(url.substring(start), "/") : match(url.substring(start, slash), url.substring(slash));
  }

  private static boolean hostMatches(String host, String hostHeader) {
    int end = hostHeader.length();
    int colon = hostHeader.lastIndexOf(':');
    if (colon >= 0 && hostHeader.indexOf(']') < colon) end = colon;   // drop a port, not an IPv6 address's colons
    return end == host.length() && hostHeader.regionMatches(true, 0, host, 0, end);
  }

  @Override
  public String toString() {
    return "Routes" + ordered + " else " + fallback;
  }
}
