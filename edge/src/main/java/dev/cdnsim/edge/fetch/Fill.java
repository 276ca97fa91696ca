package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.observe.CacheStatus;

/** How a cache fill ended, i.e. what to send to the client that asked and what waiters learn. */
sealed interface Fill {

  /** Serve {@code response} (freshly stored, revalidated or stale-if-error). */
  record Serve(CachedResponse response, CacheStatus status, String params, boolean stored) implements Fill {}

  /** Send this origin response through without storing it (not shareable, or too big). */
  record Stream(OriginResponse response, byte[] head, int headLength, String params) implements Fill {}

  /** The origin failed and nothing stale may be served: answer {@code status} with {@code reason}. */
  record Fail(int status, String reason, String params) implements Fill {}
}
