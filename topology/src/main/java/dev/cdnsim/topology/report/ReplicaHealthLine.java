package dev.cdnsim.topology.report;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.run.Topology.PoolReplica;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the live view: each origin replica as the edges' balancers see it, so that a user who stops a replica
 * watches every edge mark it down and, once it is back, up. An edge's view of a replica is the worst state any of its
 * pools gives it (DOWN, then EJECTED, then SLOW_START, then UP). Pure: the caller passes the snapshot.
 */
public final class ReplicaHealthLine {
  private static final List<HealthState> WORST_FIRST =
      List.of(HealthState.DOWN, HealthState.EJECTED, HealthState.SLOW_START, HealthState.UP);

  private ReplicaHealthLine() {}

  /**
   * The line for {@code health} (per edge, each pool's replicas' states), e.g. {@code origin replicas, as the edges see
   * them: us-east-1 DOWN (seoul, london), up (sao-paulo); us-east-2 up}; empty when no edge runs a pool.
   */
  public static String render(Map<String, Map<PoolReplica, HealthState>> health) {
    Map<String, Map<String, HealthState>> byReplica = byReplica(health);
    if (byReplica.isEmpty()) return "";
    List<String> parts = new ArrayList<>();
    byReplica.forEach((replica, edges) -> {
      Map<HealthState, List<String>> byState = new LinkedHashMap<>();
      for (HealthState s : WORST_FIRST) {
        edges.forEach((edge, state) -> {
          if (state == s) byState.computeIfAbsent(s, x -> new ArrayList<>()).add(edge);
        });
      }
      if (byState.size() == 1 && byState.containsKey(HealthState.UP)) {
        parts.add(replica + " up");
        return;
      }
      List<String> views = new ArrayList<>();
      byState.forEach((state, names) -> views.add((state == HealthState.UP ? "up" : state.name()) + " ("
          + String.join(", ", names) + ")"));
      parts.add(replica + " " + String.join(", ", views));
    });
    return "origin replicas, as the edges see them: " + String.join("; ", parts);
  }

  /**
   * {@code health} (per edge, each pool's replicas' states) turned around: per replica, each running edge's view
   * of it, the worst any of the edge's pools gives it.
   */
  public static Map<String, Map<String, HealthState>> byReplica(Map<String, Map<PoolReplica, HealthState>> health) {
    Map<String, Map<String, HealthState>> byReplica = new LinkedHashMap<>();
    health.forEach((edge, states) -> states.forEach((key, state) -> byReplica
        .computeIfAbsent(key.replica(), r -> new LinkedHashMap<>()).merge(edge, state, ReplicaHealthLine::worse)));
    return byReplica;
  }

  private static HealthState worse(HealthState a, HealthState b) {
    return WORST_FIRST.indexOf(a) <= WORST_FIRST.indexOf(b) ? a : b;
  }
}
