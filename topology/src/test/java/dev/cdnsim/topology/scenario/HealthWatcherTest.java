package dev.cdnsim.topology.scenario;

import static dev.cdnsim.edge.balance.HealthState.DOWN;
import static dev.cdnsim.edge.balance.HealthState.EJECTED;
import static dev.cdnsim.edge.balance.HealthState.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.run.Topology.PoolReplica;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The changes in the edges' view of the replicas, and the geo-DNS's of the edges, from snapshots. */
class HealthWatcherTest {
  private static final PoolReplica A = new PoolReplica("static", "a");
  private static final PoolReplica B = new PoolReplica("static", "b");

  private static Map<PoolReplica, HealthState> pools(HealthState a, HealthState b) {
    return Map.of(A, a, B, b);
  }

  @Test
  void recordsEachChangeOnceWithTheTimeSinceTheReplicasEvent() {
    HealthWatcher<PoolReplica> w = new HealthWatcher<>(PoolReplica::replica);
    w.poll(0.0, Map.of("seoul", pools(UP, UP)), r -> null);
    w.poll(0.1, Map.of("seoul", pools(UP, UP)), r -> null);
    w.poll(1.2, Map.of("seoul", pools(EJECTED, UP)), r -> r.equals("a") ? 0.2 : null);
    w.poll(2.0, Map.of("seoul", pools(DOWN, UP)), r -> r.equals("a") ? 1.0 : null);
    w.poll(2.1, Map.of("seoul", pools(DOWN, UP)), r -> r.equals("a") ? 1.1 : null);
    w.poll(5.0, Map.of("seoul", pools(UP, UP)), r -> r.equals("a") ? 0.8 : null);

    assertThat(w.changes()).containsExactly(
        new HealthWatcher.Change<>(1.2, "seoul", A, "EJECTED", 0.2),
        new HealthWatcher.Change<>(2.0, "seoul", A, "DOWN", 1.0),
        new HealthWatcher.Change<>(5.0, "seoul", A, "UP", 0.8));
  }

  @Test
  void anEdgeThatWasNotRunningAtTheLastPollStartsABaselineNotAChange() {
    HealthWatcher<PoolReplica> w = new HealthWatcher<>(PoolReplica::replica);
    w.poll(0.0, Map.of("seoul", pools(DOWN, UP)), r -> null);
    w.poll(0.1, Map.of(), r -> null);                               // seoul stopped
    w.poll(0.2, Map.of("seoul", pools(UP, UP)), r -> null);         // restarted: every replica up again
    w.poll(0.3, Map.of("seoul", pools(UP, DOWN)), r -> null);

    assertThat(w.changes()).containsExactly(new HealthWatcher.Change<>(0.3, "seoul", B, "DOWN", null));
  }

  @Test
  void theGeoDnsViewOfTheEdgesIsTimedFromTheEdgesOwnEvents() {
    HealthWatcher<String> w = new HealthWatcher<>(edge -> edge);
    w.poll(0.0, Map.of("geo-dns", Map.of("seoul", "UP", "london", "UP")), e -> null);
    w.poll(1.5, Map.of("geo-dns", Map.of("seoul", "DOWN", "london", "UP")), e -> e.equals("seoul") ? 0.5 : 9.0);

    assertThat(w.changes()).containsExactly(new HealthWatcher.Change<>(1.5, "geo-dns", "seoul", "DOWN", 0.5));
  }
}
