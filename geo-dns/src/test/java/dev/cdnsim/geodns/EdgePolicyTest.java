package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON;
import static dev.cdnsim.geodns.DefaultTopology.SAO_PAULO;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The policies other than plain nearest, on values with a seeded random source. */
class EdgePolicyTest {
  private static final EdgeSite SEOUL_EDGE = new EdgeSite("seoul", ip("127.0.1.1"), SEOUL, null);
  private static final EdgeSite TOKYO_EDGE = new EdgeSite("tokyo", ip("127.0.4.1"),
      new GeoPoint(35.6762, 139.6503), null); // 1,149 km from Seoul
  private static final EdgeSite LONDON_EDGE = new EdgeSite("london", ip("127.0.2.1"), LONDON, null);
  private static final EdgeSite SAO_PAULO_EDGE =
      new EdgeSite("sao-paulo", ip("127.0.3.1"), SAO_PAULO, null);
  private static final List<EdgeSite> EDGES =
      List.of(SEOUL_EDGE, TOKYO_EDGE, LONDON_EDGE, SAO_PAULO_EDGE);

  private static EdgeChooser chooser(EdgePolicy policy, Set<EdgeSite> overCapacity) {
    SplittableRandom random = new SplittableRandom(7);
    return EdgeChooser.forPolicy(policy, overCapacity::contains, () -> random);
  }

  @Test
  void nearestNAnswersSeveralEdgesNearestFirst() {
    EdgeChooser three = chooser(new EdgePolicy.NearestN(3), Set.of());
    assertThat(three.choose(SEOUL, EDGES, e -> true).edges())
        .containsExactly(SEOUL_EDGE, TOKYO_EDGE, LONDON_EDGE);
    assertThat(three.choose(SEOUL, EDGES, e -> e != TOKYO_EDGE).edges())
        .containsExactly(SEOUL_EDGE, LONDON_EDGE, SAO_PAULO_EDGE);
  }

  @Test
  void weightedDrawsInProportionAmongEdgesWithinTheRadius() {
    EdgeChooser weighted = chooser(new EdgePolicy.WeightedWithinRadius(2000,
        Map.of("seoul", 3.0, "london", 100.0)), Set.of());
    Map<String, Integer> counts = new HashMap<>();
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      EdgeChoice choice = weighted.choose(SEOUL, EDGES, e -> true);
      assertThat(choice.edges()).hasSize(1);
      counts.merge(choice.edges().get(0).id(), 1, Integer::sum);
    }
    // London is far outside the radius however heavy; Seoul:Tokyo = 3:1.
    assertThat(counts).containsOnlyKeys("seoul", "tokyo");
    assertThat(counts.get("seoul") / (double) draws).isCloseTo(0.75, within(0.02));
  }

  @Test
  void weightedMeasuresTheRadiusFromTheNearestHealthyEdge() {
    EdgeChooser weighted = chooser(new EdgePolicy.WeightedWithinRadius(2000, Map.of()), Set.of());
    for (int i = 0; i < 100; i++) {
      assertThat(weighted.choose(SEOUL, EDGES, e -> e != SEOUL_EDGE && e != TOKYO_EDGE).edges())
          .containsExactly(LONDON_EDGE);
    }
    assertThat(weighted.choose(SEOUL, EDGES, e -> false).failedOpen()).isTrue();
  }

  @Test
  void capacityAwareShedsToTheNextNearestUnlessAllAreFull() {
    EdgeChooser aware = chooser(new EdgePolicy.CapacityAware(), Set.of(SEOUL_EDGE));
    assertThat(aware.choose(SEOUL, EDGES, e -> true).edges()).containsExactly(TOKYO_EDGE);
    EdgeChooser allFull = chooser(new EdgePolicy.CapacityAware(), Set.copyOf(EDGES));
    EdgeChoice choice = allFull.choose(SEOUL, EDGES, e -> e != SEOUL_EDGE);
    assertThat(choice.edges()).containsExactly(TOKYO_EDGE);
    assertThat(choice.failedOpen()).isFalse();
    assertThat(allFull.choose(SEOUL, EDGES, e -> false).failedOpen()).isTrue();
  }

  @Test
  void policiesRejectNonsense() {
    assertThatThrownBy(() -> new EdgePolicy.NearestN(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EdgePolicy.WeightedWithinRadius(-1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EdgePolicy.WeightedWithinRadius(10, Map.of("a", 0.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DefaultTopology.config().withPolicy("www.example.com.",
        EdgePolicy.nearest())).hasMessageContaining("not in zone");
    assertThatThrownBy(() -> DefaultTopology.config().withPolicy("www.cdn.test",
        EdgePolicy.nearest())).hasMessageContaining("absolute");
  }
}
