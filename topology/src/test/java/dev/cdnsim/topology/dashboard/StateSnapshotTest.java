package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.topology.dashboard.StateSnapshot.EdgeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.Latency;
import dev.cdnsim.topology.dashboard.StateSnapshot.Location;
import dev.cdnsim.topology.dashboard.StateSnapshot.NodeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.RegionState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateSnapshotTest {
  private static final Location SEOUL = new Location(37.5665, 126.978);
  private static final Location LONDON = new Location(51.5074, -0.1278);
  private static final Location TOKYO = new Location(35.68, 139.69);
  private final ObjectMapper mapper = new ObjectMapper();

  private static List<NodeState> nodes(boolean seoulRunning) {
    return List.of(
        new NodeState("DNS", "geo-dns", "127.0.0.1:8053", true, null),
        new NodeState("EDGE", "seoul", "127.0.1.1:8080", seoulRunning, SEOUL, null, seoulRunning),
        new NodeState("EDGE", "london", "127.0.2.1:8080", true, LONDON),
        new NodeState("ORIGIN", "us-east-1", "127.0.10.1:8081", true, new Location(39.04, -77.49)));
  }

  @Test
  void usersGoToTheNearestRunningEdge() {
    assertThat(StateSnapshot.nearestRunningEdge(TOKYO, nodes(true))).contains("seoul");
    assertThat(StateSnapshot.nearestRunningEdge(TOKYO, nodes(false))).contains("london");
    assertThat(StateSnapshot.nearestRunningEdge(TOKYO, List.of(nodes(true).get(3)))).as("an origin is no edge")
        .isEmpty();
  }

  @Test
  void writesTheFieldsThePageReads() throws Exception {
    StateSnapshot snapshot = new StateSnapshot(1_700_000_000_123L, nodes(true),
        List.of(new EdgeState("seoul", 10, 7, 3, 0.7, 10_240, 3, 3_072)),
        List.of(new RegionState("seoul", SEOUL, 10, 7, 1, new Latency(4.5, 60.25, 150),
            new Latency(180, 240.5, 300), "seoul")), 3);

    JsonNode json = mapper.readTree(mapper.writeValueAsString(snapshot));

    assertThat(json.get("timestamp").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(json.get("originRequests").asLong()).isEqualTo(3);
    JsonNode dns = json.get("nodes").get(0);
    assertThat(dns.get("kind").asText()).isEqualTo("DNS");
    assertThat(dns.has("location")).as("the DNS has no place on the map").isFalse();
    JsonNode seoul = json.get("nodes").get(1);
    assertThat(seoul.get("id").asText()).isEqualTo("seoul");
    assertThat(seoul.get("address").asText()).isEqualTo("127.0.1.1:8080");
    assertThat(seoul.get("running").asBoolean()).isTrue();
    assertThat(seoul.get("location").get("lat").asDouble()).isEqualTo(37.5665);
    assertThat(seoul.get("location").get("lon").asDouble()).isEqualTo(126.978);
    assertThat(seoul.get("inDnsAnswers").asBoolean()).isTrue();
    assertThat(json.get("nodes").get(2).has("inDnsAnswers")).as("unknown: not written").isFalse();
    JsonNode edge = json.get("edges").get(0);
    assertThat(edge.get("requests").asLong()).isEqualTo(10);
    assertThat(edge.get("hits").asLong()).isEqualTo(7);
    assertThat(edge.get("misses").asLong()).isEqualTo(3);
    assertThat(edge.get("hitRatio").asDouble()).isEqualTo(0.7);
    assertThat(edge.get("bytesServed").asLong()).isEqualTo(10_240);
    assertThat(edge.get("originRequests").asLong()).isEqualTo(3);
    assertThat(edge.get("originBytes").asLong()).isEqualTo(3_072);
    JsonNode region = json.get("regions").get(0);
    assertThat(region.get("requests").asLong()).isEqualTo(10);
    assertThat(region.get("errors").asLong()).isEqualTo(1);
    assertThat(region.get("latency").get("p50Millis").asDouble()).isEqualTo(4.5);
    assertThat(region.get("latency").get("p95Millis").asDouble()).isEqualTo(60.25);
    assertThat(region.get("latency").get("p99Millis").asDouble()).isEqualTo(150);
    assertThat(region.get("direct").get("p95Millis").asDouble()).isEqualTo(240.5);
    assertThat(region.get("nearestEdge").asText()).isEqualTo("seoul");
  }

  @Test
  void aSampleWritesNullRatiosForIntervalsWithoutRequests() throws Exception {
    StateSnapshot quiet = new StateSnapshot(0, List.of(), List.of(new EdgeState("seoul", 0, 0, 0, 0, 0, 0, 0)),
        List.of(), 0);
    Sample sample = Sample.between(quiet, new StateSnapshot(1_000, List.of(), quiet.edges(), List.of(), 0));

    JsonNode json = mapper.readTree(mapper.writeValueAsString(sample));

    assertThat(json.get("edges").get("seoul").get("hitRatio").isNull()).isTrue();
    assertThat(json.get("offload").isNull()).isTrue();
    assertThat(json.get("timestamp").asLong()).isEqualTo(1_000);
  }
}
