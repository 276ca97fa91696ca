package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON;
import static dev.cdnsim.geodns.DefaultTopology.SAO_PAULO;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NearestEdgesTest {
  private static final EdgeSite SEOUL_EDGE = new EdgeSite("seoul", ip("127.0.1.1"), SEOUL, null);
  private static final EdgeSite LONDON_EDGE = new EdgeSite("london", ip("127.0.2.1"), LONDON, null);
  private static final EdgeSite SAO_PAULO_EDGE =
      new EdgeSite("sao-paulo", ip("127.0.3.1"), SAO_PAULO, null);
  private static final List<EdgeSite> EDGES = List.of(SAO_PAULO_EDGE, LONDON_EDGE, SEOUL_EDGE);
  private static final GeoPoint TOKYO = new GeoPoint(35.6762, 139.6503);
  private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);

  private final NearestEdges one = new NearestEdges(1);

  @Test
  void picksTheNearestEdge() {
    assertThat(one.choose(TOKYO, EDGES, e -> true).edges()).containsExactly(SEOUL_EDGE);
    assertThat(one.choose(PARIS, EDGES, e -> true).edges()).containsExactly(LONDON_EDGE);
    assertThat(one.choose(new GeoPoint(-34.6, -58.4), EDGES, e -> true).edges())
        .containsExactly(SAO_PAULO_EDGE);
  }

  @Test
  void skipsUnhealthyEdgesForTheNextNearest() {
    EdgeChoice choice = one.choose(TOKYO, EDGES, e -> e != SEOUL_EDGE);
    // From Tokyo, London (9,560 km) is nearer than São Paulo (18,540 km).
    assertThat(choice.edges()).containsExactly(LONDON_EDGE);
    assertThat(choice.failedOpen()).isFalse();
  }

  @Test
  void failsOpenToTheNearestWhenNoEdgeIsHealthy() {
    EdgeChoice choice = one.choose(TOKYO, EDGES, e -> false);
    assertThat(choice.edges()).containsExactly(SEOUL_EDGE);
    assertThat(choice.failedOpen()).isTrue();
  }

  @Test
  void answersSeveralNearestInOrderAndBreaksTiesById() {
    // From Paris: London 344 km, Seoul 8,966 km, São Paulo 9,402 km.
    assertThat(new NearestEdges(2).choose(PARIS, EDGES, e -> true).edges())
        .containsExactly(LONDON_EDGE, SEOUL_EDGE);
    EdgeSite twinA = new EdgeSite("a", ip("127.0.9.1"), SEOUL, null);
    EdgeSite twinB = new EdgeSite("b", ip("127.0.9.2"), SEOUL, null);
    assertThat(one.choose(TOKYO, List.of(twinB, twinA), e -> true).edges())
        .containsExactly(twinA);
  }

  @Test
  void noCandidatesMeansNoChoice() {
    assertThat(one.choose(TOKYO, List.of(), e -> true)).isEqualTo(EdgeChoice.NONE);
    assertThat(Set.copyOf(one.choose(TOKYO, EDGES, e -> true).edges())).hasSize(1);
  }
}
