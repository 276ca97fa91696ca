package dev.cdnsim.edge.balance;

/**
 * Retries on another replica: at most {@code maxRetries} per request, and overall no more than
 * {@code budgetRatio} of requests plus a reserve of {@code minReserve} (a token bucket, as Finagle's
 * retry budget), so that a failing origin is not stormed with retries.
 */
public record RetryConfig(int maxRetries, double budgetRatio, int minReserve) {
  public RetryConfig {
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
    if (!(budgetRatio >= 0 && budgetRatio <= 1)) throw new IllegalArgumentException("budgetRatio must be 0..1");
    if (minReserve < 0) throw new IllegalArgumentException("minReserve must be >= 0");
  }

  /** One retry per request, within 20% of requests and a reserve of 10. */
  public static RetryConfig defaults() {
    return new RetryConfig(1, 0.2, 10);
  }

  public static RetryConfig none() {
    return new RetryConfig(0, 0, 0);
  }
}
