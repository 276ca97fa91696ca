package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyQueueTest {

  @Test
  void popsInPushOrderAcrossWrapAroundAndGrowth() {
    KeyQueue queue = new KeyQueue();
    int next = 0;
    int expected = 0;
    // Interleave so the ring wraps before it grows, then grows while wrapped.
    for (int round = 0; round < 5_000; round++) {
      for (int i = 0; i < 3; i++) {
        queue.push(next++);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(queue.pop()).isEqualTo(expected++);
      }
    }
    while (!queue.isEmpty()) {
      assertThat(queue.pop()).isEqualTo(expected++);
    }
    assertThat(expected).isEqualTo(next);
  }

  @Test
  void entryNumbersCountPushesAndNameTheOldest() {
    KeyQueue queue = new KeyQueue();
    assertThat(queue.push(7)).isEqualTo(0);
    assertThat(queue.push(7)).isEqualTo(1);
    assertThat(queue.push(9)).isEqualTo(2);
    assertThat(queue.oldestEntry()).isEqualTo(0);
    queue.pop();
    assertThat(queue.oldestEntry()).isEqualTo(1);
    assertThat(queue).hasToString("KeyQueue[7, 9]");
  }
}
