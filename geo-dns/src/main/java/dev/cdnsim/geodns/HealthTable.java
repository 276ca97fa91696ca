package dev.cdnsim.geodns;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Current health per edge id, updated by probes and read on every geo answer. Edges never probed
 * (no health URL) are healthy.
 */
final class HealthTable {
  private final Map<String, HealthState> states = new ConcurrentHashMap<>();
  private final int rise;
  private final int fall;

  HealthTable(HealthCheckConfig config) {
    this.rise = config.rise();
    this.fall = config.fall();
  }

  boolean isHealthy(EdgeSite edge) {
    return states.getOrDefault(edge.id(), HealthState.INITIAL).healthy();
  }

  /** Records one probe of {@code edgeId}; returns true when its healthy/unhealthy state flipped. */
  boolean record(String edgeId, boolean succeeded) {
    HealthState before = states.getOrDefault(edgeId, HealthState.INITIAL);
    HealthState after = states.merge(edgeId, HealthState.INITIAL.after(succeeded, rise, fall),
        (old, ignored) -> old.after(succeeded, rise, fall));
    return before.healthy() != after.healthy();
  }
}
