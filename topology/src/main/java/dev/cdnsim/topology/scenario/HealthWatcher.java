package dev.cdnsim.topology.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps every change in what some viewers hold of some subjects' health, from snapshots taken as often as the
 * caller polls: the edges' balancers of the origin replicas, or the geo-DNS of the edges. Each change carries how
 * long after the scenario last stopped or started that subject's node it was seen. Pure: the snapshots come from
 * {@code Topology}.
 *
 * @param <K> what a viewer holds a state of (an origin replica in a pool, an edge)
 */
final class HealthWatcher<K> {
  /**
   * {@code viewer} began to hold {@code subject} in {@code state}, {@code second}s into the run; {@code afterEvent}
   * is the seconds since the scenario last stopped or started the subject's node, or null when it did neither.
   */
  record Change<K>(double second, String viewer, K subject, String state, Double afterEvent) {}

  private final Function<K, String> node;
  private Map<String, ? extends Map<K, ?>> last;
  private final List<Change<K>> changes = new ArrayList<>();

  /** {@code node} names the node a subject is, whose stops and starts the changes are timed from. */
  HealthWatcher(Function<K, String> node) {
    this.node = node;
  }

  /**
   * Takes the snapshot {@code now} (per viewer, each subject's state, named by its {@code toString}) made
   * {@code second}s into the run; {@code sinceEvent} gives the seconds since the scenario last stopped or started
   * a node, or null. A viewer missing from the last snapshot (not running then) starts a baseline, not changes.
   */
  synchronized void poll(double second, Map<String, ? extends Map<K, ?>> now, Function<String, Double> sinceEvent) {
    if (last != null) {
      now.forEach((viewer, states) -> {
        Map<K, ?> before = last.get(viewer);
        if (before == null) return;
        states.forEach((subject, state) -> {
          Object was = before.get(subject);
          if (was == null || was.equals(state)) return;
          changes.add(new Change<>(second, viewer, subject, state.toString(), sinceEvent.apply(node.apply(subject))));
        });
      });
    }
    last = now;
  }

  synchronized List<Change<K>> changes() {
    return List.copyOf(changes);
  }
}
