package dev.cdnsim.edge.cache;

import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response's lease on the stored body it sends (a file or pages), given back exactly once: when its exchange ends
 * however it ends, or earlier when the send fails and the body's bytes are no longer read.
 */
final class SendLease {
  private final StoredBody body;
  private final AtomicBoolean released = new AtomicBoolean();

  private SendLease(StoredBody body) {
    this.body = body;
  }

  /** Takes over the caller's lease on {@code body} (already retained) until {@code exchange} ends. */
  static SendLease until(HttpServerExchange exchange, StoredBody body) {
    SendLease lease = new SendLease(body);
    exchange.addExchangeCompleteListener((ex, next) -> {
      lease.release();
      next.proceed();
    });
    return lease;
  }

  /** Gives the lease back now, if not already given. */
  void release() {
    if (released.compareAndSet(false, true)) body.release();
  }
}
