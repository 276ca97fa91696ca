package dev.cdnsim.topology.traffic;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated users of one region did: requests, hits as the edges reported them, errors, and time to
 * first byte (modelled over the WAN: see {@code RequestLatency}) through the CDN, split by hit and miss, and for
 * the baseline of going straight to the origin.
 */
public final class RegionTraffic {
  private final String region;
  private final LongAdder requests = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder unreachable = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LatencyHistogram hitLatency = new LatencyHistogram();
  private final LatencyHistogram missLatency = new LatencyHistogram();
  private final LatencyHistogram direct = new LatencyHistogram();
  private final AtomicLong lastErrorNanos = new AtomicLong();

  RegionTraffic(String region) {
    this.region = region;
  }

  void recordResponse(boolean hit, long bodyBytes, long viaEdgeNanos, long directNanos) {
    requests.increment();
    if (hit) hits.increment();
    bytes.add(bodyBytes);
    latency.record(viaEdgeNanos);
    (hit ? hitLatency : missLatency).record(viaEdgeNanos);
    direct.record(directNanos);
  }

  /** A response with a 5xx status: the edge answered, but not with the object. */
  void recordError(long atNanos) {
    requests.increment();
    errors.increment();
    lastErrorNanos.accumulateAndGet(atNanos, Math::max);
  }

  /** No HTTP response at all: no address from the DNS, connection refused or timed out. */
  void recordUnreachable(long atNanos) {
    unreachable.increment();
    recordError(atNanos);
  }

  public String region() { return region; }
  public long requests() { return requests.sum(); }
  public long hits() { return hits.sum(); }
  /** Failed requests: 5xx responses plus those that got no response. */
  public long errors() { return errors.sum(); }
  /** Requests that got no HTTP response (so no edge counted them). */
  public long unreachable() { return unreachable.sum(); }
  public long bytes() { return bytes.sum(); }
  /** Time to first byte through the CDN. */
  public LatencyHistogram latency() { return latency; }
  public LatencyHistogram hitLatency() { return hitLatency; }
  public LatencyHistogram missLatency() { return missLatency; }
  /** Time to first byte had the same requests gone straight to the origin. */
  public LatencyHistogram direct() { return direct; }
  /** {@link System#nanoTime()} of the latest failed request, 0 if none failed. */
  public long lastErrorNanos() { return lastErrorNanos.get(); }
}
