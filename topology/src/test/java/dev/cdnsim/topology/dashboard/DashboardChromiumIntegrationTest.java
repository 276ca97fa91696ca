package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.TrafficDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: headless Chromium (Debian's {@code chromium}) opens the dashboard of a topology with
 * simulated users, lets the page poll for a few seconds of virtual time, and the test reads the DOM it built; a
 * screenshot goes to {@code target/dashboard.png}. Skipped where Chromium is not installed; set
 * {@code -Dcdnsim.chromium=/path/to/chromium} to use another build.
 */
class DashboardChromiumIntegrationTest {
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private Topology topology;
  private TrafficDriver users;
  private DashboardServer dashboard;
  private Path chromium;
  @TempDir Path temp;

  @BeforeEach
  void start() throws Exception {
    Optional<Path> found = chromium();
    assumeTrue(found.isPresent(), "Chromium is not installed (apt-get install chromium); skipping the browser test");
    chromium = found.get();
    TopologyPlan plan = new TopologyLoader().loadDefault().withEphemeralPorts();
    plan = plan.withTraffic(new TopologyPlan.Traffic(2, 90, plan.traffic().seed()));
    topology = Topology.start(plan, Clock.systemUTC());
    users = TrafficDriver.start(topology, Clock.systemUTC(), Long.MAX_VALUE);
    dashboard = new DashboardServer(topology, users::traffic, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC())
        .start();
  }

  @AfterEach
  void stop() {
    if (dashboard != null) dashboard.close();
    if (users != null) users.close();
    if (topology != null) topology.close();
    http.close();
  }

  @Test
  void thePageDrawsTheEdgesOnTheMapAndTheirHitRatioOverTime() throws Exception {
    awaitHistoryWithTraffic(3, Duration.ofSeconds(30));

    String dom = runChromium("--dump-dom");

    assertThat(count(dom, "data-polls=\"(\\d+)\"")).as("polls the page made").isGreaterThanOrEqualTo(1);
    for (String edge : List.of("seoul", "london", "sao-paulo")) {
      assertThat(dom).containsPattern("<g class=\"marker edge edge-marker up\" data-id=\"" + edge + "\"");
      assertThat(dom).as("a line of at least two points for " + edge + " in the hit-ratio chart")
          .containsPattern("<path class=\"series\" d=\"M[-\\d.,]+L[^\"]*\" stroke=\"[^\"]+\" data-series=\"" + edge + "\"");
      assertThat(dom).containsPattern("<button class=\"stop\" data-id=\"" + edge + "\" data-action=\"stop\">");
      assertThat(dom).containsPattern("<tr data-node=\"" + edge + "\" data-running=\"true\">.*?"
          + "<span class=\"view-note up\">in DNS answers</span></td>");
    }
    assertThat(dom).containsPattern("<path class=\"flow users live\"[^>]* data-from=\"seoul\" data-to=\"seoul\"");
    assertThat(dom).containsPattern("<path class=\"series\" d=\"M[-\\d.,]+L[^\"]*\" stroke=\"[^\"]+\" data-series=\"offload\"");
    assertThat(dom).containsPattern("<rect [^>]*data-region=\"london\" data-percentile=\"p95\"");
    assertThat(dom).doesNotContain("no answer from the dashboard");
  }

  @Test
  void aStoppedEdgeIsDrawnStoppedAndItsUsersGoElsewhere() throws Exception {
    awaitHistoryWithTraffic(2, Duration.ofSeconds(30));
    topology.node("seoul").stop();
    // The geo-DNS sees the edge fail within a couple of health checks; a user asks again after an error.
    awaitLastSample(s -> StreamSupport.stream(s.get("flows").spliterator(), false).anyMatch(
        f -> f.get("region").asText().equals("seoul") && f.get("edge").asText().equals("london")),
        Duration.ofSeconds(30));
    // The flows are estimated from counters and may show the move first; the node list shows the geo-DNS's view.
    awaitState(state -> StreamSupport.stream(state.get("nodes").spliterator(), false).anyMatch(
        n -> n.get("id").asText().equals("seoul") && n.path("inDnsAnswers").asText().equals("false")),
        Duration.ofSeconds(30));

    String dom = runChromium("--dump-dom");

    assertThat(dom).containsPattern("<g class=\"marker edge edge-marker down\" data-id=\"seoul\"");
    assertThat(dom).containsPattern("<tr data-node=\"seoul\" data-running=\"false\">.*?"
        + "<span class=\"view-note down\">out of DNS answers</span></td>");
    assertThat(dom).containsPattern("<button class=\"start\" data-id=\"seoul\" data-action=\"start\">");
    assertThat(dom).containsPattern("<path class=\"flow users live\"[^>]* data-from=\"seoul\" data-to=\"london\"");
  }

  @Test
  void aScreenshotShowsTheDashboard() throws Exception {
    awaitHistoryWithTraffic(5, Duration.ofSeconds(30));
    Path png = Path.of("target", "dashboard.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);

    runChromium("--screenshot=" + png, "--window-size=1500,1000", "--hide-scrollbars");

    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    assertThat(bytes.length).as("a page with a map and charts, not a blank one").isGreaterThan(20_000);
  }

  /** Runs Chromium headless on the dashboard with the flags that work on a closed network; returns its stdout. */
  private String runChromium(String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(temp, "profile"),
        // Virtual time runs the page's one-second polls without waiting for them.
        "--virtual-time-budget=5000"));
    command.addAll(List.of(extra));
    command.add("http://127.0.0.1:" + dashboard.port() + "/");
    Path out = temp.resolve("stdout.txt");
    Path err = temp.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish within " + BROWSER_TIMEOUT + ": " + Files.readString(err));
    }
    assertThat(process.exitValue()).as("Chromium's exit code; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out);
  }

  /** Waits until the dashboard kept {@code samples} samples, the last of them with requests at every edge. */
  private void awaitHistoryWithTraffic(int samples, Duration timeout) throws Exception {
    awaitHistory(history -> history.size() >= samples && history.get(history.size() - 1).get("edges").valueStream()
        .allMatch(e -> e.get("requestsPerSecond").asDouble() > 0), timeout);
  }

  private void awaitLastSample(Predicate<JsonNode> condition, Duration timeout) throws Exception {
    awaitHistory(history -> !history.isEmpty() && condition.test(history.get(history.size() - 1)), timeout);
  }

  private void awaitHistory(Predicate<JsonNode> condition, Duration timeout) throws Exception {
    awaitState(state -> condition.test(state.get("history")), timeout);
  }

  /** Polls /api/state until {@code condition} holds of it. */
  private void awaitState(Predicate<JsonNode> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode state = mapper.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + dashboard.port() + "/api/state")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      if (condition.test(state)) return;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the state never got there in " + timeout + ": " + state);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  private static int count(String dom, String regex) {
    var matcher = Pattern.compile(regex).matcher(dom);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  private static Optional<Path> chromium() {
    String configured = System.getProperty("cdnsim.chromium");
    if (configured != null) return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)).map(Path::of), Stream.of(Path.of("/usr/bin")))
        .flatMap(dir -> Stream.of(dir.resolve("chromium"), dir.resolve("chromium-browser")))
        .filter(Files::isExecutable).findFirst();
  }
}
