package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.topology.dashboard.Flows.Site;
import dev.cdnsim.topology.dashboard.Sample.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowsTest {
  private static final GeoPoint SEOUL = new GeoPoint(37.5665, 126.978);
  private static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);
  private static final GeoPoint SAO_PAULO = new GeoPoint(-23.5505, -46.6333);

  private static List<Site> users(double seoul, double london, double saoPaulo) {
    return List.of(new Site("seoul", SEOUL, seoul), new Site("london", LONDON, london),
        new Site("sao-paulo", SAO_PAULO, saoPaulo));
  }

  private static List<Site> edges(double seoul, double london, double saoPaulo) {
    return List.of(new Site("seoul", SEOUL, seoul), new Site("london", LONDON, london),
        new Site("sao-paulo", SAO_PAULO, saoPaulo));
  }

  @Test
  void usersAtTheirOwnEdges() {
    assertThat(Flows.estimate(users(100, 80, 60), edges(100, 80, 60))).containsExactly(
        new Flow("seoul", "seoul", 100), new Flow("london", "london", 80), new Flow("sao-paulo", "sao-paulo", 60));
  }

  @Test
  void theUsersOfAStoppedEdgeShowUpAtTheEdgeThatServedThem() {
    // Seoul's edge is down (or its users still hold the answer from when it was): London serves both regions.
    List<Flow> flows = Flows.estimate(users(128, 124, 88), edges(0, 252, 88));

    assertThat(flows).containsExactly(
        new Flow("seoul", "london", 128), new Flow("london", "london", 124), new Flow("sao-paulo", "sao-paulo", 88));
  }

  @Test
  void usersSplitWhileTheirCachedAnswersExpire() {
    List<Flow> flows = Flows.estimate(users(100, 100, 0), edges(40, 160, 0));

    assertThat(flows).containsExactly(
        new Flow("seoul", "seoul", 40), new Flow("seoul", "london", 60), new Flow("london", "london", 100));
  }

  @Test
  void edgeRatesAreScaledToTheUsersTotal() {
    // Counters read a moment apart, and requests that never reached an edge: the sides need not match.
    List<Flow> flows = Flows.estimate(users(100, 100, 0), edges(0, 150, 0));

    assertThat(flows).extracting(Flow::edge).containsOnly("london");
    assertThat(flows.stream().mapToDouble(Flow::requestsPerSecond).sum()).isCloseTo(200, within(1e-9));
  }

  @Test
  void countersReadAMomentApartDoNotMakeFlowsAcrossTheMap() {
    // Seoul's edge counted one request more than Seoul's users: that request is no flow from London.
    List<Flow> flows = Flows.estimate(users(200.4, 201.4, 111.3), edges(202.0, 199.4, 109.3));

    assertThat(flows).extracting(f -> f.region() + ">" + f.edge())
        .containsExactly("seoul>seoul", "london>london", "sao-paulo>sao-paulo");
  }

  @Test
  void noTrafficNoFlows() {
    assertThat(Flows.estimate(users(0, 0, 0), edges(0, 0, 0))).isEmpty();
    assertThat(Flows.estimate(users(10, 0, 0), edges(0, 0, 0))).isEmpty();
    assertThat(Flows.estimate(List.of(), edges(10, 0, 0))).isEmpty();
  }
}
