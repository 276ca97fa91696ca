package dev.cdnsim.topology.simulate;

import dev.cdnsim.topology.config.DataSize;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything a simulation run found, ready to report.
 *
 * @param source what was replayed, in words (the workload or the trace file)
 * @param requests requests in the trace
 * @param keys distinct keys (object versions) in the trace
 * @param bytes bytes requested over the trace
 * @param unitSizes whether every object counted as one unit, so capacities are object counts
 * @param measurements one per policy and capacity
 * @param che Che's LRU estimate per capacity; empty when the trace does not follow a known
 *     independent reference model
 * @param wallNanos elapsed time of the replay of all policies, in nanoseconds
 */
public record SimulationResult(String source, int requests, int keys, long bytes, boolean unitSizes,
    List<Measurement> measurements, List<CheApproximation.Estimate> che, long wallNanos) {

  public SimulationResult {
    requireNonNull(source, "source");
    measurements = List.copyOf(measurements);
    che = List.copyOf(che);
  }

  /** Returns the policies measured, in order of first appearance. */
  public List<Policy> policies() {
    return measurements.stream().map(Measurement::policy).distinct().toList();
  }

  /** Returns the capacities measured, in order of first appearance. */
  public List<Long> capacities() {
    return measurements.stream().map(Measurement::capacity).distinct().toList();
  }

  /** Returns the measurement of {@code policy} at {@code capacity}. */
  public Measurement measurement(Policy policy, long capacity) {
    return measurements.stream()
        .filter(m -> m.policy() == policy && m.capacity() == capacity)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not measured: " + policy + " at " + capacity));
  }

  /** Returns requests replayed per CPU second by {@code policy}, over all its capacities. */
  public double requestsPerSecond(Policy policy) {
    long requestsReplayed = 0;
    long cpuNanos = 0;
    for (Measurement m : measurements) {
      if (m.policy() == policy) {
        requestsReplayed += m.requests();
        cpuNanos += m.cpuNanos();
      }
    }
    return cpuNanos == 0 ? 0 : requestsReplayed * 1e9 / cpuNanos;
  }

  /** Formats a capacity: an object count for unit sizes, else bytes in binary units. */
  public String capacityLabel(long capacity) {
    return unitSizes ? capacity + " objects" : DataSize.format(capacity);
  }
}
