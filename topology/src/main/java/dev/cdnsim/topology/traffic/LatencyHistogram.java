package dev.cdnsim.topology.traffic;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of latencies with buckets 5% wide (log scale) from 1 µs to about 2 minutes, so any
 * percentile it reports is within 5% of the true value.
 */
public final class LatencyHistogram {
  private static final double GROWTH = 1.05;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  private static final int BUCKETS = 400; // 1.05^400 µs ≈ 3.0e8 µs
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one latency. */
  public void record(long nanos) {
    double micros = Math.max(1, nanos / 1000.0);
    int bucket = (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / LOG_GROWTH));
    counts.incrementAndGet(bucket);
  }

  public long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) total += counts.get(i);
    return total;
  }

  /** The latency below which {@code quantile} (0..1) of the recorded ones lie, in milliseconds; 0 when empty. */
  public double percentileMillis(double quantile) {
    long total = count();
    if (total == 0) return 0;
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) return Math.pow(GROWTH, i + 1) / 1000.0; // the bucket's upper bound
    }
    return Math.pow(GROWTH, BUCKETS) / 1000.0;
  }

  /** The cumulative distribution: for each non-empty bucket, its upper bound in ms and the share at or below it. */
  public double[][] cdf() {
    long total = count();
    java.util.List<double[]> points = new java.util.ArrayList<>();
    long seen = 0;
    for (int i = 0; i < BUCKETS && total > 0; i++) {
      long n = counts.get(i);
      if (n == 0) continue;
      seen += n;
      points.add(new double[] {Math.pow(GROWTH, i + 1) / 1000.0, (double) seen / total});
    }
    return points.toArray(new double[0][]);
  }
}
