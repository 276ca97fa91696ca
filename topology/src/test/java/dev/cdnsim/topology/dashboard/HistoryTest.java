package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static StateSnapshot at(long millis, long requests) {
    return SampleTest.snapshot(millis, List.of(SampleTest.edge("seoul", requests, 0, 0)), List.of(), 0);
  }

  @Test
  void theFirstSnapshotOnlyStartsTheHistory() {
    History history = new History(3);
    history.record(at(1_000, 0));
    assertThat(history.since(Long.MIN_VALUE)).isEmpty();
    assertThat(history.latest()).isEmpty();
  }

  @Test
  void keepsTheLastSamplesOldestFirst() {
    History history = new History(3);
    for (int s = 0; s <= 5; s++) history.record(at(s * 1_000L, s * 10L));

    assertThat(history.since(Long.MIN_VALUE)).extracting(Sample::timestamp).containsExactly(3_000L, 4_000L, 5_000L);
    assertThat(history.latest()).get().extracting(s -> s.edges().get("seoul").requestsPerSecond()).isEqualTo(10.0);
  }

  @Test
  void sinceGivesOnlyTheSamplesThatEndLater() {
    History history = new History(10);
    for (int s = 0; s <= 4; s++) history.record(at(s * 1_000L, 0));

    assertThat(history.since(2_000)).extracting(Sample::timestamp).containsExactly(3_000L, 4_000L);
    assertThat(history.since(4_000)).isEmpty();
  }

  @Test
  void aSnapshotThatDoesNotMoveTimeForwardIsIgnored() {
    History history = new History(10);
    history.record(at(2_000, 0));
    history.record(at(2_000, 5));
    history.record(at(1_000, 9));
    history.record(at(3_000, 10));

    assertThat(history.since(Long.MIN_VALUE)).singleElement()
        .satisfies(s -> assertThat(s.edges().get("seoul").requestsPerSecond()).isEqualTo(10.0));
  }

  @Test
  void needsRoomForOneSample() {
    assertThatThrownBy(() -> new History(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
