package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.run.Topology;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default topology on ephemeral ports with its dashboard on port 0, driven through the JSON API. */
class DashboardServerIntegrationTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private Topology topology;
  private DashboardServer dashboard;

  @BeforeEach
  void start() {
    topology = Topology.start(new TopologyLoader().loadDefault().withEphemeralPorts(), Clock.systemUTC());
    dashboard = new DashboardServer(topology, Map::of, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC())
        .start();
  }

  @AfterEach
  void stop() {
    dashboard.close();
    topology.close();
    http.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + dashboard.port() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode state() throws Exception {
    HttpResponse<String> response = get("/api/state");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return mapper.readTree(response.body());
  }

  private static JsonNode node(JsonNode state, String id) {
    return StreamSupport.stream(state.get("nodes").spliterator(), false).filter(n -> n.get("id").asText().equals(id))
        .findFirst().orElseThrow();
  }

  @Test
  void stateNamesEveryNodeWithItsPlaceAndEveryEdgeAndRegion() throws Exception {
    JsonNode state = state();

    assertThat(state.get("timestamp").asLong()).isPositive();
    assertThat(state.get("nodes")).hasSize(topology.nodes().size());
    JsonNode seoul = node(state, "seoul");
    assertThat(seoul.get("kind").asText()).isEqualTo("EDGE");
    assertThat(seoul.get("running").asBoolean()).isTrue();
    assertThat(seoul.get("address").asText()).isEqualTo("127.0.1.1:" + topology.node("seoul").address().getPort());
    assertThat(seoul.get("location").get("lat").asDouble()).isEqualTo(37.5665);
    assertThat(node(state, "us-east-1").get("kind").asText()).isEqualTo("ORIGIN");
    assertThat(state.get("edges")).extracting(e -> e.get("id").asText()).containsExactly("seoul", "london", "sao-paulo");
    assertThat(state.get("regions")).extracting(r -> r.get("nearestEdge").asText())
        .containsExactly("seoul", "london", "sao-paulo");
    assertThat(state.get("originRequests").isIntegralNumber()).isTrue();
  }

  @Test
  void stoppingAnOriginShowsItStoppedAndStartingItShowsItRunning() throws Exception {
    HttpResponse<String> stopped = post("/api/nodes/us-east-1/stop", "");

    assertThat(stopped.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(stopped.body()).get("running").asBoolean()).isFalse();
    assertThat(node(state(), "us-east-1").get("running").asBoolean()).isFalse();
    assertThat(topology.node("us-east-1").isRunning()).isFalse();

    assertThat(post("/api/nodes/us-east-1/start", "").statusCode()).isEqualTo(200);
    assertThat(node(state(), "us-east-1").get("running").asBoolean()).isTrue();
  }

  @Test
  void anOriginShowsHowTheEdgesBalancersSeeIt() throws Exception {
    assertThat(node(state(), "us-east-1").get("balancers").toString()).isEqualTo("{\"up\":3,\"edges\":3}");
    assertThat(node(state(), "seoul").has("balancers")).as("only origins have it").isFalse();

    post("/api/nodes/us-east-1/stop", "");
    // The default topology's checks: every 1 s, down after 2 failures; poll up to 10 s.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (node(state(), "us-east-1").get("balancers").get("up").asInt() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    assertThat(node(state(), "us-east-1").get("balancers").toString()).isEqualTo("{\"up\":0,\"edges\":3}");
    assertThat(node(state(), "us-east-2").get("balancers").toString()).isEqualTo("{\"up\":3,\"edges\":3}");
  }

  @Test
  void anEdgeShowsWhetherTheGeoDnsNamesIt() throws Exception {
    assertThat(node(state(), "seoul").get("inDnsAnswers").asBoolean()).isTrue();
    assertThat(node(state(), "us-east-1").has("inDnsAnswers")).as("only edges have it").isFalse();

    post("/api/nodes/seoul/stop", "");
    // The default topology's geo-DNS checks: every 1 s, out after 2 failures; poll up to 10 s.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (node(state(), "seoul").get("inDnsAnswers").asBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    assertThat(node(state(), "seoul").get("inDnsAnswers").asBoolean()).isFalse();
    assertThat(node(state(), "london").get("inDnsAnswers").asBoolean()).isTrue();

    post("/api/nodes/geo-dns/stop", "");
    assertThat(node(state(), "london").has("inDnsAnswers")).as("no view while the geo-DNS is down").isFalse();
  }

  @Test
  void aStoppedEdgeSendsItsUsersToTheNextNearest() throws Exception {
    assertThat(post("/api/nodes/seoul/stop", "").statusCode()).isEqualTo(200);

    JsonNode seoulUsers = state().get("regions").get(0);
    assertThat(seoulUsers.get("id").asText()).isEqualTo("seoul");
    assertThat(seoulUsers.get("nearestEdge").asText()).isEqualTo("london");
  }

  @Test
  void unknownNodesAndActionsAreNotFound() throws Exception {
    assertThat(post("/api/nodes/atlantis/stop", "").statusCode()).isEqualTo(404);
    assertThat(post("/api/nodes/seoul/explode", "").statusCode()).isEqualTo(404);
    assertThat(topology.node("seoul").isRunning()).isTrue();
  }

  @Test
  void purgeDropsThePathFromEveryEdgeThatHasIt() throws Exception {
    InetSocketAddress seoul = topology.node("seoul").address();
    URI onSeoul = URI.create("http://" + seoul.getAddress().getHostAddress() + ":" + seoul.getPort() + "/objects/7");
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(onSeoul).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(xCache(onSeoul)).startsWith("HIT");

    HttpResponse<String> purge = post("/api/purge", "/objects/7\n");

    assertThat(purge.statusCode()).isEqualTo(200);
    JsonNode answer = mapper.readTree(purge.body());
    assertThat(answer.get("path").asText()).isEqualTo("/objects/7");
    assertThat(answer.get("edges")).hasSize(3);
    assertThat(edgeOutcome(answer, "seoul").get("purged").asInt()).isEqualTo(1);
    assertThat(edgeOutcome(answer, "london").get("purged").asInt()).isZero();
    assertThat(xCache(onSeoul)).startsWith("MISS");
  }

  @Test
  void purgingEverythingEmptiesEveryEdge() throws Exception {
    InetSocketAddress seoul = topology.node("seoul").address();
    URI onSeoul = URI.create("http://" + seoul.getAddress().getHostAddress() + ":" + seoul.getPort() + "/objects/7");
    http.send(HttpRequest.newBuilder(onSeoul).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(xCache(onSeoul)).startsWith("HIT");

    JsonNode answer = mapper.readTree(post("/api/purge", "*").body());

    assertThat(answer.get("path").asText()).isEqualTo("*");
    assertThat(answer.get("edges")).hasSize(3);
    assertThat(edgeOutcome(answer, "seoul").get("purged").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(edgeOutcome(answer, "london").get("status").asInt()).isEqualTo(200);
    assertThat(xCache(onSeoul)).startsWith("MISS");
  }

  @Test
  void purgeReportsStoppedEdgesAndRefusesWhatIsNotAPath() throws Exception {
    post("/api/nodes/london/stop", "");

    JsonNode answer = mapper.readTree(post("/api/purge", "/objects/1").body());

    assertThat(edgeOutcome(answer, "london").get("error").asText()).isEqualTo("stopped");
    assertThat(edgeOutcome(answer, "seoul").get("status").asInt()).isEqualTo(200);
    assertThat(post("/api/purge", "objects/1").statusCode()).isEqualTo(400);
    assertThat(post("/api/purge", "/a b").statusCode()).isEqualTo(400);
  }

  @Test
  void historyFillsUpOnceASecond() throws Exception {
    JsonNode state = awaitState(s -> s.get("history").size() >= 2, Duration.ofSeconds(10));

    JsonNode history = state.get("history");
    long first = history.get(0).get("timestamp").asLong();
    long second = history.get(1).get("timestamp").asLong();
    assertThat(second - first).isBetween(500L, 2_500L);
    assertThat(history.get(0).get("edges").has("seoul")).isTrue();
    JsonNode later = mapper.readTree(get("/api/state?since=" + first).body());
    assertThat(later.get("history")).allSatisfy(s -> assertThat(s.get("timestamp").asLong()).isGreaterThan(first));
    assertThat(get("/api/state?since=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void servesThePageFromTheJarAndNothingElse() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<title>cdnsim dashboard</title>").doesNotContain("https://");
    assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
    assertThat(get("/DashboardServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/../DashboardServer.class").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesCrossOriginChanges() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/nodes/seoul/stop"))
        .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(topology.node("seoul").isRunning()).isTrue();
    HttpResponse<String> sameOrigin = http.send(HttpRequest.newBuilder(uri("/api/nodes/seoul/stop"))
        .header("Origin", "http://127.0.0.1:" + dashboard.port()).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThatThrownBy(() -> new DashboardServer(topology, Map::of, new InetSocketAddress("0.0.0.0", 0),
        Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }

  @Test
  void aTakenPortIsReportedWithItsAddress() {
    DashboardServer second = new DashboardServer(topology, Map::of,
        new InetSocketAddress("127.0.0.1", dashboard.port()), Clock.systemUTC());

    assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + dashboard.port());
    second.close();
  }

  @Test
  void closeFreesThePort() throws Exception {
    int port = dashboard.port();
    dashboard.close();

    try (DashboardServer again = new DashboardServer(topology, Map::of, new InetSocketAddress("127.0.0.1", port),
        Clock.systemUTC()).start()) {
      assertThat(again.port()).isEqualTo(port);
    }
  }

  private String xCache(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).headers()
        .firstValue("X-Cache").orElse("");
  }

  private static JsonNode edgeOutcome(JsonNode answer, String edge) {
    return StreamSupport.stream(answer.get("edges").spliterator(), false)
        .filter(e -> e.get("edge").asText().equals(edge)).findFirst().orElseThrow();
  }

  private JsonNode awaitState(Predicate<JsonNode> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode state = state();
    while (!condition.test(state)) {
      if (System.nanoTime() > deadline) throw new AssertionError("no such state within " + timeout + ": " + state);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      state = state();
    }
    return state;
  }
}
