package dev.cdnsim.topology.scenario;

import static dev.cdnsim.edge.balance.HealthState.DOWN;
import static dev.cdnsim.edge.balance.HealthState.EJECTED;
import static dev.cdnsim.edge.balance.HealthState.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.run.Topology.PoolReplica;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The changes in the edges' view of the replicas, from snapshots. */
class HealthWatcherTest {
  private static Map<PoolReplica, HealthState> pools(HealthState a, HealthState b) {
    return Map.of(new PoolReplica("static", "a"), a, new PoolReplica("static", "b"), b);
  }

  @Test
  void recordsEachChangeOnceWithTheTimeSinceTheReplicasEvent() {
    HealthWatcher w = new HealthWatcher();
    w.poll(0.0, Map.of("seoul", pools(UP, UP)), r -> null);
    w.poll(0.1, Map.of("seoul", pools(UP, UP)), r -> null);
    w.poll(1.2, Map.of("seoul", pools(EJECTED, UP)), r -> r.equals("a") ? 0.2 : null);
    w.poll(2.0, Map.of("seoul", pools(DOWN, UP)), r -> r.equals("a") ? 1.0 : null);
    w.poll(2.1, Map.of("seoul", pools(DOWN, UP)), r -> r.equals("a") ? 1.1 : null);
    w.poll(5.0, Map.of("seoul", pools(UP, UP)), r -> r.equals("a") ? 0.8 : null);

    assertThat(w.changes()).containsExactly(
        new ScenarioReport.HealthChange(1.2, "seoul", "static", "a", "EJECTED", 0.2),
        new ScenarioReport.HealthChange(2.0, "seoul", "static", "a", "DOWN", 1.0),
        new ScenarioReport.HealthChange(5.0, "seoul", "static", "a", "UP", 0.8));
  }

  @Test
  void anEdgeThatWasNotRunningAtTheLastPollStartsABaselineNotAChange() {
    HealthWatcher w = new HealthWatcher();
    w.poll(0.0, Map.of("seoul", pools(DOWN, UP)), r -> null);
    w.poll(0.1, Map.of(), r -> null);                               // seoul stopped
    w.poll(0.2, Map.of("seoul", pools(UP, UP)), r -> null);         // restarted: every replica up again
    w.poll(0.3, Map.of("seoul", pools(UP, DOWN)), r -> null);

    assertThat(w.changes()).containsExactly(new ScenarioReport.HealthChange(0.3, "seoul", "static", "b", "DOWN", null));
  }
}
