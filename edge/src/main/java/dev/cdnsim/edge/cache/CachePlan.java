package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import io.undertow.util.AttachmentKey;
import java.util.Optional;

/**
 * What {@link CacheHandler} decided for a request it could not answer from the cache, attached to the
 * exchange for the origin side.
 *
 * @param key       the primary cache key
 * @param kind      pass the request through, fetch it, or validate {@code stored}
 * @param stored    the stored (stale or unusable) response, kept for validation and stale-if-error
 * @param reason    for FETCH/VALIDATE the RFC 9211 {@code fwd} value; for PASS a short detail
 * @param requestCc the request's directives (Pragma folded in)
 */
public record CachePlan(CacheKey key, Kind kind, Optional<CachedResponse> stored, String reason, CacheControl requestCc) {
  public static final AttachmentKey<CachePlan> KEY = AttachmentKey.create(CachePlan.class);

  /** How the origin side handles the request. */
  public enum Kind { PASS, FETCH, VALIDATE }

  public CachePlan {
    requireNonNull(key, "key");
    requireNonNull(kind, "kind");
    requireNonNull(stored, "stored");
    requireNonNull(reason, "reason");
    requireNonNull(requestCc, "requestCc");
  }
}
