package dev.cdnsim.geodns;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Current health and capacity per edge id, updated by probes and read on every geo answer. Edges
 * never probed (no health URL) are healthy and have capacity.
 */
final class HealthTable {
  private final Map<String, HealthState> states = new ConcurrentHashMap<>();
  private final Set<String> overCapacity = ConcurrentHashMap.newKeySet();
  private final int rise;
  private final int fall;

  HealthTable(HealthCheckConfig config) {
    this.rise = config.rise();
    this.fall = config.fall();
  }

  boolean isOverCapacity(EdgeSite edge) {
    return overCapacity.contains(edge.id());
  }

  /** Records what the latest probe of {@code edgeId} said about its capacity; true on a change. */
  boolean capacity(String edgeId, boolean over) {
    return over ? overCapacity.add(edgeId) : overCapacity.remove(edgeId);
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
