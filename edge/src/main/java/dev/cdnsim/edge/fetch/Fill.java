package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.observe.CacheStatus;

/** How a cache fill ended, i.e. what to send to the client that asked and what waiters learn. */
sealed interface Fill {

  /**
   * Serve {@code response} (freshly stored, revalidated or stale-if-error). When {@code leased}, the fill that
   * made its body still holds the body's first lease (so that a cache that evicts it at once cannot close it
   * before this answer is sent): call {@link #releaseLease()} once the answer is written or dropped.
   */
  record Serve(CachedResponse response, CacheStatus status, String params, boolean stored, boolean leased)
      implements Fill {
    Serve(CachedResponse response, CacheStatus status, String params, boolean stored) {
      this(response, status, params, stored, false);
    }

    void releaseLease() {
      if (leased) response.body().release();
    }
  }

  /** Send this origin response through without storing it (not shareable, or too big). */
  record Stream(OriginResponse response, byte[] head, int headLength, String params) implements Fill {}

  /** The origin failed and nothing stale may be served: answer {@code status} with {@code reason}. */
  record Fail(int status, String reason, String params) implements Fill {}
}
