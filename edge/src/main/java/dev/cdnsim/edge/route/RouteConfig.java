package dev.cdnsim.edge.route;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A routing rule, as an nginx {@code location} block: requests for {@code host} (or any host, "*")
 * whose path starts with {@code pathPrefix} go to pool {@code pool}, cached or passed through.
 *
 * @param host       a host name without port, matched case-insensitively, or "*" for any
 * @param pathPrefix starts with "/"; the longest matching prefix wins, an exact host before "*"
 * @param pool       the name of a pool in the same {@link BalancerConfig}
 * @param mode       CACHE: the cache answers when it can; PASS: always forwarded, never stored
 */
public record RouteConfig(String host, String pathPrefix, String pool, Mode mode) {

  /** Whether the cache takes part. */
  public enum Mode { CACHE, PASS }

  public RouteConfig {
    requireNonNull(host, "host");
    requireNonNull(pathPrefix, "pathPrefix");
    requireNonNull(pool, "pool");
    requireNonNull(mode, "mode");
    host = host.toLowerCase(Locale.ROOT);
    if (host.isBlank() || host.contains(":")) throw new IllegalArgumentException("route host must be a name or *, was " + host);
    if (!pathPrefix.startsWith("/")) throw new IllegalArgumentException("route pathPrefix must start with /, was " + pathPrefix);
  }

  /** Any host, paths under {@code pathPrefix}, cached from {@code pool}. */
  public static RouteConfig cache(String pathPrefix, String pool) {
    return new RouteConfig("*", pathPrefix, pool, Mode.CACHE);
  }

  /** Any host, paths under {@code pathPrefix}, passed through to {@code pool}. */
  public static RouteConfig pass(String pathPrefix, String pool) {
    return new RouteConfig("*", pathPrefix, pool, Mode.PASS);
  }
}
