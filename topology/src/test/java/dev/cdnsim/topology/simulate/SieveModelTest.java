package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SIEVE's linked list and hand against a direct transcription over an {@link ArrayList}, with sizes. */
class SieveModelTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 25, 100, 400, 2_000})
  void matchesAPlainListModel(long capacity) {
    Trace trace = Traces.random(capacity + 1, 20_000, 400, 20);
    assertThat(Traces.hits(Policy.SIEVE, capacity, trace)).isEqualTo(modelHits(trace, capacity));
  }

  /** Index 0 is the oldest; the hand is an index moving towards the newest and wrapping. */
  private static String modelHits(Trace trace, long capacity) {
    int[] sizes = trace.sizes();
    List<Integer> queue = new ArrayList<>();
    boolean[] visited = new boolean[sizes.length];
    Integer hand = null; // the key the hand points at, or none
    long used = 0;
    StringBuilder hits = new StringBuilder();
    for (int key : trace.keys()) {
      if (queue.contains(key)) {
        visited[key] = true;
        hits.append('H');
        continue;
      }
      hits.append('-');
      if (sizes[key] > capacity) {
        continue;
      }
      while (used + sizes[key] > capacity) {
        int at = hand == null ? 0 : queue.indexOf(hand);
        while (visited[queue.get(at)]) {
          visited[queue.get(at)] = false;
          at = (at + 1) % queue.size();
        }
        int victim = queue.remove(at);
        used -= sizes[victim];
        hand = at < queue.size() ? queue.get(at) : null; // the next newer key, if any
      }
      queue.add(key);
      used += sizes[key];
    }
    return hits.toString();
  }
}
