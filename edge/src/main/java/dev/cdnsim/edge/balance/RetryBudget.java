package dev.cdnsim.edge.balance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of retries, counted in thousandths: every first attempt deposits {@code ratio} of a
 * token (up to a reserve of {@code minReserve} tokens), every retry withdraws a whole one. So retries
 * stay under {@code ratio} of requests in the long run, with a reserve for the first failures.
 */
final class RetryBudget {
  private final long perRequest;
  private final long cap;
  private final AtomicLong balance;

  RetryBudget(RetryConfig config) {
    this.perRequest = Math.round(config.budgetRatio() * 1000);
    this.cap = Math.max(1000L * config.minReserve(), perRequest);
    this.balance = new AtomicLong(1000L * config.minReserve());
  }

  /** Counts one first attempt. */
  void deposit() {
    if (perRequest == 0) return;
    long b = balance.get();
    // Cheap when full (the usual case): no write at all.
    while (b < cap && !balance.compareAndSet(b, Math.min(cap, b + perRequest))) b = balance.get();
  }

  /** Takes one retry from the budget; false when it is spent. */
  boolean tryWithdraw() {
    long b;
    do {
      b = balance.get();
      if (b < 1000) return false;
    } while (!balance.compareAndSet(b, b - 1000));
    return true;
  }
}
