package dev.cdnsim.topology.scenario;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.run.Topology.PoolReplica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps every change in the edges' view of the origin replicas, from snapshots taken as often as the caller polls:
 * when a balancer marked a replica down (or ejected it) and up again, and how long after the scenario stopped or
 * started that replica. Pure: the snapshots come from {@code Topology.replicaHealth()}.
 */
final class HealthWatcher {
  private Map<String, Map<PoolReplica, HealthState>> last;
  private final List<ScenarioReport.HealthChange> changes = new ArrayList<>();

  /**
   * Takes the snapshot {@code now} (per edge, each pool's replicas' states) made {@code second}s into the run;
   * {@code sinceEvent} gives the seconds since the scenario last stopped or started a replica, or null.
   */
  synchronized void poll(double second, Map<String, Map<PoolReplica, HealthState>> now,
      Function<String, Double> sinceEvent) {
    if (last != null) {
      now.forEach((edge, states) -> {
        Map<PoolReplica, HealthState> before = last.get(edge);
        if (before == null) return; // the edge (re)started since: its balancer begins with every replica up
        states.forEach((key, state) -> {
          HealthState was = before.get(key);
          if (was == null || was == state) return;
          changes.add(new ScenarioReport.HealthChange(second, edge, key.pool(), key.replica(), state.name(),
              sinceEvent.apply(key.replica())));
        });
      });
    }
    last = now;
  }

  synchronized List<ScenarioReport.HealthChange> changes() {
    return List.copyOf(changes);
  }
}
