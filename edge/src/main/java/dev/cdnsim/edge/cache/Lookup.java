package dev.cdnsim.edge.cache;

import java.util.Optional;

/**
 * The result of looking a request up in the cache.
 *
 * @param response     the stored variant matching the request, if any
 * @param primaryFound whether anything is stored under the primary key (a vary-miss rather than a uri-miss)
 */
public record Lookup(Optional<CachedResponse> response, boolean primaryFound) {
  public static final Lookup MISS = new Lookup(Optional.empty(), false);
}
