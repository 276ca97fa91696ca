package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * S3-FIFO's ring buffers, packed state bytes and lazily dropped ghost entries against a direct
 * transcription of the algorithm over {@link ArrayDeque}s, on seeded random traces with sizes.
 */
class S3FifoModelTest {

  @ParameterizedTest
  @ValueSource(longs = {10, 40, 100, 333, 1_000, 5_000})
  void matchesAPlainDequeModel(long capacity) {
    Trace trace = Traces.random(capacity, 30_000, 600, 25);
    assertThat(Traces.hits(Policy.S3FIFO, capacity, trace)).isEqualTo(new Model(capacity, trace.sizes()).replay(trace));
  }

  /** The algorithm as S3FifoPolicy documents it, written for clarity, not speed. */
  private static final class Model {
    private final long capacity;
    private final long smallCapacity;
    private final long ghostCapacity;
    private final int[] sizes;
    private final ArrayDeque<Integer> small = new ArrayDeque<>();
    private final ArrayDeque<Integer> main = new ArrayDeque<>();
    private final ArrayDeque<Integer> ghost = new ArrayDeque<>();
    private final Map<Integer, Integer> frequency = new HashMap<>();
    private boolean evicting;

    Model(long capacity, int[] sizes) {
      this.capacity = capacity;
      this.smallCapacity = Math.max(1, capacity / 10);
      this.ghostCapacity = capacity * 9 / 10;
      this.sizes = sizes;
    }

    String replay(Trace trace) {
      StringBuilder hits = new StringBuilder();
      for (int key : trace.keys()) {
        hits.append(access(key) ? 'H' : '-');
      }
      return hits.toString();
    }

    private boolean access(int key) {
      if (small.contains(key) || main.contains(key)) {
        frequency.merge(key, 1, (a, b) -> Math.min(3, a + b));
        return true;
      }
      boolean remembered = ghost.remove(key);
      int size = sizes[key];
      if (size > capacity || (!remembered && size > smallCapacity)) {
        return false;
      }
      while (bytes(small) + bytes(main) + size > capacity) {
        evicting = true;
        if (bytes(main) > capacity - smallCapacity || small.isEmpty()) {
          evictFromMain();
        } else {
          evictFromSmall();
        }
      }
      frequency.put(key, 0);
      if (remembered || (!evicting && bytes(small) >= smallCapacity)) {
        main.addFirst(key);
      } else {
        small.addFirst(key);
      }
      return false;
    }

    private void evictFromSmall() {
      while (!small.isEmpty()) {
        int key = small.removeLast();
        if (frequency.get(key) >= 2) {
          frequency.put(key, 0);
          main.addFirst(key);
        } else {
          if (sizes[key] <= ghostCapacity) {
            while (bytes(ghost) + sizes[key] > ghostCapacity) {
              ghost.removeLast();
            }
            ghost.addFirst(key);
          }
          return;
        }
      }
    }

    private void evictFromMain() {
      while (!main.isEmpty()) {
        int key = main.removeLast();
        int count = frequency.get(key);
        if (count > 0) {
          frequency.put(key, count - 1);
          main.addFirst(key);
        } else {
          return;
        }
      }
    }

    private long bytes(ArrayDeque<Integer> queue) {
      return queue.stream().mapToLong(key -> sizes[key]).sum();
    }
  }
}
