package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.topology.dashboard.StateSnapshot.EdgeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.Latency;
import dev.cdnsim.topology.dashboard.StateSnapshot.Location;
import dev.cdnsim.topology.dashboard.StateSnapshot.NodeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.RegionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTest {
  private static final Location SEOUL = new Location(37.57, 126.98);
  private static final Location LONDON = new Location(51.51, -0.13);

  static EdgeState edge(String id, long requests, long hits, long originRequests) {
    return new EdgeState(id, requests, hits, requests - hits, requests == 0 ? 0 : (double) hits / requests, 0,
        originRequests, 0);
  }

  static RegionState region(String id, long requests, long errors, double p50) {
    return new RegionState(id, SEOUL, requests, 0, errors, new Latency(p50, 2 * p50, 3 * p50),
        new Latency(10 * p50, 20 * p50, 30 * p50), "seoul");
  }

  static StateSnapshot snapshot(long millis, List<EdgeState> edges, List<RegionState> regions, long origin) {
    List<NodeState> nodes = edges.stream()
        .map(e -> new NodeState("EDGE", e.id(), "127.0.0.1:8080", true, e.id().equals("seoul") ? SEOUL : LONDON))
        .toList();
    return new StateSnapshot(millis, nodes, edges, regions, origin);
  }

  @Test
  void ratesAndRatiosAreOfTheIntervalAlone() {
    StateSnapshot before = snapshot(10_000, List.of(edge("seoul", 100, 10, 90), edge("london", 50, 0, 50)),
        List.of(region("seoul", 100, 0, 5)), 140);
    StateSnapshot after = snapshot(12_000, List.of(edge("seoul", 300, 190, 110), edge("london", 50, 0, 50)),
        List.of(region("seoul", 302, 2, 7)), 160);

    Sample sample = Sample.between(before, after);

    assertThat(sample.timestamp()).isEqualTo(12_000);
    assertThat(sample.seconds()).isEqualTo(2.0);
    assertThat(sample.edges().get("seoul")).isEqualTo(new Sample.EdgeRate(100, 0.9, 10));
    assertThat(sample.edges().get("london")).as("no requests: no ratio, not 0")
        .isEqualTo(new Sample.EdgeRate(0, null, 0));
    assertThat(sample.regions().get("seoul")).isEqualTo(new Sample.RegionRate(101, 1, new Latency(7, 14, 21)));
    assertThat(sample.originRequestsPerSecond()).isEqualTo(10);
    assertThat(sample.offload()).isCloseTo(1 - 20 / 200.0, within(1e-12));
    assertThat(sample.flows()).containsExactly(new Sample.Flow("seoul", "seoul", 101));
  }

  @Test
  void anEdgeOrRegionNewInTheIntervalCountsFromZero() {
    StateSnapshot before = snapshot(0, List.of(), List.of(), 0);
    StateSnapshot after = snapshot(1_000, List.of(edge("seoul", 10, 5, 5)), List.of(region("seoul", 10, 0, 1)), 5);

    Sample sample = Sample.between(before, after);

    assertThat(sample.edges().get("seoul")).isEqualTo(new Sample.EdgeRate(10, 0.5, 5));
    assertThat(sample.regions().get("seoul").requestsPerSecond()).isEqualTo(10);
    assertThat(sample.offload()).isEqualTo(0.5);
  }

  @Test
  void anIntervalWithoutTrafficHasNoOffloadAndNoTimeGivesZeroRates() {
    StateSnapshot quiet = snapshot(5_000, List.of(edge("seoul", 10, 5, 5)), List.of(), 5);

    Sample same = Sample.between(quiet, quiet);

    assertThat(same.seconds()).isZero();
    assertThat(same.edges().get("seoul").requestsPerSecond()).isZero();
    assertThat(same.offload()).isNull();
  }
}
