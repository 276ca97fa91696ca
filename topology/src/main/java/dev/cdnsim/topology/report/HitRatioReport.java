package dev.cdnsim.topology.report;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.topology.traffic.LatencyHistogram;
import dev.cdnsim.topology.traffic.RegionTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders what the nodes report as a few lines of text: per edge requests, requests per second since the last
 * report, hit ratio and origin offload; per region the users' view; then the totals. Pure: the caller passes
 * the counters now and at the previous report.
 */
public final class HitRatioReport {
  private HitRatioReport() {}

  /** The report's lines for counters {@code now} and {@code before}, taken {@code seconds} apart. */
  public static List<String> render(Map<String, EdgeStats> now, Map<String, EdgeStats> before, double seconds,
                                    long originRequests, Map<String, RegionTraffic> regions) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-12s %10s %8s %9s %11s %13s", "EDGE", "REQUESTS", "REQ/S", "HIT-RATIO",
        "BYTE-HITS", "FROM-ORIGIN"));
    EdgeStats all = EdgeStats.NONE;
    double rate = 0;
    for (var entry : now.entrySet()) {
      EdgeStats s = entry.getValue();
      EdgeStats b = before.getOrDefault(entry.getKey(), s);
      double edgeRate = seconds > 0 ? (s.requests() - b.requests()) / seconds : 0;
      lines.add(String.format(Locale.ROOT, "%-12s %10d %8.0f %9s %11s %13d", entry.getKey(), s.requests(), edgeRate,
          ratio(s.hits(), s.requests()), ratio(s.bytesServed() - s.originBytes(), s.bytesServed()), s.originRequests()));
      all = all.plus(s);
      rate += edgeRate;
    }
    lines.add(String.format(Locale.ROOT, "%-12s %10d %8.0f %9s %11s %13d", "all", all.requests(), rate,
        ratio(all.hits(), all.requests()), ratio(all.bytesServed() - all.originBytes(), all.bytesServed()),
        all.originRequests()));
    lines.add(String.format(Locale.ROOT, "origin offload: %s of requests and %s of bytes never reached the origin"
        + " (origin replicas served %d)", ratio(all.requests() - all.originRequests(), all.requests()),
        ratio(all.bytesServed() - all.originBytes(), all.bytesServed()), originRequests));
    if (!regions.isEmpty()) {
      lines.add(String.format(Locale.ROOT, "%-12s %9s %7s  %-20s %8s %8s  %-14s", "USERS IN", "REQUESTS", "ERRORS",
          "TTFB P50/P95/P99 MS", "HIT P50", "MISS P50", "NO-CDN P50/P99"));
      for (RegionTraffic r : regions.values()) {
        lines.add(String.format(Locale.ROOT, "%-12s %9d %7d  %-20s %8.1f %8.1f  %-14s", r.region(), r.requests(),
            r.errors(), percentiles(r.latency(), 0.50, 0.95, 0.99), r.hitLatency().percentileMillis(0.5),
            r.missLatency().percentileMillis(0.5), percentiles(r.direct(), 0.50, 0.99)));
      }
    }
    return lines;
  }

  private static String percentiles(LatencyHistogram histogram, double... quantiles) {
    StringBuilder text = new StringBuilder();
    for (double q : quantiles) {
      if (!text.isEmpty()) text.append('/');
      text.append(String.format(Locale.ROOT, "%.1f", histogram.percentileMillis(q)));
    }
    return text.toString();
  }

  /** {@code part / whole} as {@code 0.873}, or {@code -} when there is nothing to divide. */
  static String ratio(long part, long whole) {
    return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
  }
}
