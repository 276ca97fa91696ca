package dev.cdnsim.topology.traffic;

import java.util.concurrent.atomic.LongAdder;

/** What the simulated users of one region did: requests, hits as the edges reported them, errors, latency. */
public final class RegionTraffic {
  private final String region;
  private final LongAdder requests = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();

  RegionTraffic(String region) {
    this.region = region;
  }

  void recordResponse(boolean hit, long bodyBytes, long nanos) {
    requests.increment();
    if (hit) hits.increment();
    bytes.add(bodyBytes);
    latency.record(nanos);
  }

  void recordError() {
    requests.increment();
    errors.increment();
  }

  public String region() { return region; }
  public long requests() { return requests.sum(); }
  public long hits() { return hits.sum(); }
  public long errors() { return errors.sum(); }
  public long bytes() { return bytes.sum(); }
  public LatencyHistogram latency() { return latency; }
}
