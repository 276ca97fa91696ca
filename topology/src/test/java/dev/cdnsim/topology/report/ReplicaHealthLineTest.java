package dev.cdnsim.topology.report;

import static dev.cdnsim.edge.balance.HealthState.DOWN;
import static dev.cdnsim.edge.balance.HealthState.EJECTED;
import static dev.cdnsim.edge.balance.HealthState.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.run.Topology.PoolReplica;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaHealthLineTest {
  private static Map<PoolReplica, HealthState> view(HealthState cachedPool, HealthState apiPool) {
    Map<PoolReplica, HealthState> m = new LinkedHashMap<>();
    m.put(new PoolReplica("default", "us-east-1"), cachedPool);
    m.put(new PoolReplica("default", "us-east-2"), UP);
    m.put(new PoolReplica("api", "us-east-1"), apiPool);
    m.put(new PoolReplica("api", "us-east-2"), UP);
    return m;
  }

  @Test
  void everyReplicaUpAtEveryEdgeIsSaidShortly() {
    Map<String, Map<PoolReplica, HealthState>> health = new LinkedHashMap<>();
    health.put("seoul", view(UP, UP));
    health.put("london", view(UP, UP));
    assertThat(ReplicaHealthLine.render(health))
        .isEqualTo("origin replicas, as the edges see them: us-east-1 up; us-east-2 up");
  }

  @Test
  void anEdgeSeesAReplicaAsItsWorstPoolDoesAndEdgesThatDisagreeAreNamed() {
    Map<String, Map<PoolReplica, HealthState>> health = new LinkedHashMap<>();
    health.put("seoul", view(EJECTED, DOWN));
    health.put("london", view(EJECTED, UP));
    health.put("sao-paulo", view(UP, UP));
    assertThat(ReplicaHealthLine.render(health)).isEqualTo("origin replicas, as the edges see them: "
        + "us-east-1 DOWN (seoul), EJECTED (london), up (sao-paulo); us-east-2 up");
  }

  @Test
  void noRunningEdgeNoLine() {
    assertThat(ReplicaHealthLine.render(Map.of())).isEmpty();
  }
}
