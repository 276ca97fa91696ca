package dev.cdnsim.edge.cache;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lease count of a body that must be freed at a known moment (a file to close, pages to reuse): it starts
 * with one lease, its creator's; {@link #retain()} fails once the count has reached zero, and {@link #release()}
 * says when the last lease went.
 */
final class Leases {
  private final AtomicInteger count = new AtomicInteger(1);

  /** Takes a lease; false when the last one has already gone (the body is freed or being freed). */
  boolean retain() {
    for (int n = count.get(); n > 0; n = count.get()) {
      if (count.compareAndSet(n, n + 1)) return true;
    }
    return false;
  }

  /** Gives a lease back; true when it was the last, so the caller frees the body now. */
  boolean release() {
    int left = count.decrementAndGet();
    if (left < 0) throw new IllegalStateException("body released more often than retained");
    return left == 0;
  }

  int count() {
    return count.get();
  }
}
