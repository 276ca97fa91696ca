package dev.cdnsim.topology.scenario;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.geodns.HealthCheckConfig;
import dev.cdnsim.topology.config.DurationText;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.latency.WanLatency;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.ObjectChooser;
import dev.cdnsim.topology.traffic.RegionTraffic;
import dev.cdnsim.topology.traffic.TrafficDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Plays a {@link Scenario} against a freshly started topology under its simulated traffic, samples each edge
 * every second, and builds the {@link ScenarioReport} from the users' counters and the nodes' own.
 */
public final class ScenarioRunner {
  /** How often the edges' view of the replicas, and the geo-DNS's of the edges, is read. */
  static final int HEALTH_POLL_MILLIS = 100;
  /** The viewer the geo-DNS's changes are kept under. */
  private static final String DNS_VIEWER = "geo-dns";
  private final TopologyPlan plan;
  private final Clock clock;
  private final Consumer<String> progress;

  /** {@code progress} receives one line per event and per sampled second. */
  public ScenarioRunner(TopologyPlan plan, Clock clock, Consumer<String> progress) {
    this.plan = plan;
    this.clock = clock;
    this.progress = progress;
  }

  public ScenarioReport run(Scenario scenario) throws InterruptedException {
    List<ScenarioReport.Sample> timeline = new ArrayList<>();
    Map<String, Long> stoppedAtNanos = new HashMap<>();
    Map<String, Long> changedAtNanos = new HashMap<>();
    HealthWatcher<Topology.PoolReplica> replicas = new HealthWatcher<>(Topology.PoolReplica::replica);
    HealthWatcher<String> edgesSeenByDns = new HealthWatcher<>(edge -> edge);
    try (Topology topology = Topology.start(plan, clock);
         TrafficDriver driver = TrafficDriver.startFor(topology, clock, scenario.length(), WanLatency.defaults());
         ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "scenario"));
         HttpClient http = HttpClient.newHttpClient()) {
      long start = System.nanoTime();
      for (ScenarioEvent event : scenario.events()) {
        timer.schedule(() -> apply(event, topology, driver.objects(), http, stoppedAtNanos, changedAtNanos),
            event.at().toMillis(), TimeUnit.MILLISECONDS);
      }
      // The balancers' view of the replicas and the geo-DNS's of the edges, ten times a second: when a stopped node
      // was marked down, and up again after it came back (interval x fall and interval x rise, plus up to one poll).
      timer.scheduleAtFixedRate(() -> {
        long now = System.nanoTime();
        Function<String, Double> sinceEvent = node -> {
          synchronized (changedAtNanos) {
            Long at = changedAtNanos.get(node);
            return at == null ? null : (now - at) / 1e9;
          }
        };
        double second = (now - start) / 1e9;
        replicas.poll(second, topology.replicaHealth(), sinceEvent);
        Map<String, Boolean> dnsView = topology.dnsEdgeHealth();
        edgesSeenByDns.poll(second, dnsView.isEmpty() ? Map.of() : Map.of(DNS_VIEWER, upOrDown(dnsView)), sinceEvent);
      }, 0, HEALTH_POLL_MILLIS, TimeUnit.MILLISECONDS);
      AtomicReference<Map<String, EdgeStats>> previous = new AtomicReference<>(topology.edgeStats());
      timer.scheduleAtFixedRate(() -> {
        Map<String, EdgeStats> now = topology.edgeStats();
        ScenarioReport.Sample sample = sample((System.nanoTime() - start) / 1e9, previous.getAndSet(now), now);
        synchronized (timeline) {
          timeline.add(sample);
        }
        progress.accept(progressLine(sample, scenario.length()));
      }, 1, 1, TimeUnit.SECONDS);
      boolean finished = driver.awaitCompletion(scenario.length().plusSeconds(30));
      timer.shutdownNow();
      if (!finished) progress.accept("users did not finish in time; reporting what they did");
      double seconds = (System.nanoTime() - start) / 1e9;
      synchronized (timeline) {
        return report(scenario, topology, driver, List.copyOf(timeline), seconds, stoppedAtNanos,
            replicas.changes().stream().map(c -> new ScenarioReport.HealthChange(c.second(), c.viewer(),
                c.subject().pool(), c.subject().replica(), c.state(), c.afterEvent())).toList(),
            edgesSeenByDns.changes().stream().map(c -> new ScenarioReport.EdgeHealthChange(c.second(), c.subject(),
                c.state(), c.afterEvent())).toList());
      }
    }
  }

  private void apply(ScenarioEvent event, Topology topology, ObjectChooser objects, HttpClient http,
                     Map<String, Long> stoppedAtNanos, Map<String, Long> changedAtNanos) {
    progress.accept("event: " + event.describe());
    try {
      switch (event.action()) {
        case STOP -> {
          long now = System.nanoTime();
          synchronized (stoppedAtNanos) {
            stoppedAtNanos.put(event.target(), now);
          }
          synchronized (changedAtNanos) {
            changedAtNanos.put(event.target(), now);
          }
          topology.node(event.target()).stop();
        }
        case START -> {
          topology.node(event.target()).start();
          synchronized (changedAtNanos) {
            changedAtNanos.put(event.target(), System.nanoTime()); // once it listens again
          }
        }
        case FLASH_CROWD -> objects.flashCrowd(new ObjectChooser.FlashCrowd(Integer.parseInt(event.target()), event.share()));
        case CALM -> objects.flashCrowd(null);
        case PURGE_TOP -> purgeTop(Integer.parseInt(event.target()), topology, http);
      }
    } catch (RuntimeException e) {
      progress.accept("event failed: " + event.describe() + ": " + e.getMessage());
    }
  }

  /** Sends {@code PURGE} for the {@code count} most popular objects of the first content class to every running edge. */
  private static void purgeTop(int count, Topology topology, HttpClient http) {
    topology.nodes().stream().filter(n -> n.kind() == dev.cdnsim.topology.run.Node.Kind.EDGE && n.isRunning())
        .forEach(edge -> {
          for (int n = 1; n <= count; n++) {
            URI uri = URI.create("http://" + edge.address().getAddress().getHostAddress() + ":" + edge.address().getPort()
                + topology.plan().catalog().classes().get(0).prefix() + n);
            try {
              http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                  .method("PURGE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
              return; // the edge went away: nothing left to purge there
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
  }

  static ScenarioReport.Sample sample(double second, Map<String, EdgeStats> before, Map<String, EdgeStats> now) {
    Map<String, Long> requests = new LinkedHashMap<>();
    Map<String, Double> hitRatio = new LinkedHashMap<>();
    now.forEach((id, s) -> {
      EdgeStats b = before.getOrDefault(id, EdgeStats.NONE);
      long n = s.requests() - b.requests();
      requests.put(id, n);
      hitRatio.put(id, n == 0 ? Double.NaN : (double) (s.hits() - b.hits()) / n);
    });
    return new ScenarioReport.Sample(Math.round(second * 10) / 10.0, requests, hitRatio);
  }

  private static String progressLine(ScenarioReport.Sample sample, Duration length) {
    StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%5.1fs/%ds ", sample.second(),
        length.toSeconds()));
    sample.requests().forEach((id, n) -> line.append(String.format(java.util.Locale.ROOT, " %s %d req/s hit %s", id, n,
        Double.isNaN(sample.hitRatio().get(id)) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", sample.hitRatio().get(id)))));
    return line.toString();
  }

  private ScenarioReport report(Scenario scenario, Topology topology, TrafficDriver driver,
                                List<ScenarioReport.Sample> timeline, double seconds, Map<String, Long> stoppedAtNanos,
                                List<ScenarioReport.HealthChange> replicaHealth,
                                List<ScenarioReport.EdgeHealthChange> edgeHealth) {
    List<ScenarioReport.Region> regions = new ArrayList<>();
    long responses = 0;
    long unreachable = 0;
    for (TopologyPlan.Region region : plan.regions()) {
      RegionTraffic t = driver.traffic().get(region.id());
      responses += t.requests() - t.unreachable();
      unreachable += t.unreachable();
      Long stopped = stoppedAtNanos.get(plan.nearestEdge(region.location()).id());
      Double reroute = stopped == null ? null : Math.max(0, (t.lastErrorNanos() - stopped) / 1e9);
      regions.add(new ScenarioReport.Region(region.id(), t.requests(), t.errors(), t.unreachable(), t.hits(),
          t.latency().percentileMillis(0.5), t.latency().percentileMillis(0.95), t.latency().percentileMillis(0.99),
          t.hitLatency().percentileMillis(0.5), t.missLatency().percentileMillis(0.5), t.direct().percentileMillis(0.5),
          t.direct().percentileMillis(0.99), reroute, t.latency().cdf()));
    }
    // An edge counts a request when its exchange completes, a moment after the user has the last byte: give the
    // edges that moment (at most 2 s) before reading their counters, or the report could find them one short.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (countedByEdges(topology) < responses && System.nanoTime() - deadline < 0) LockSupport.parkNanos(1_000_000);
    List<ScenarioReport.Edge> edges = new ArrayList<>();
    long edgeRequests = 0;
    for (var entry : topology.edgeStats().entrySet()) {
      EdgeStats s = entry.getValue();
      edgeRequests += s.requests();
      double byteHits = s.bytesServed() == 0 ? 0 : (double) (s.bytesServed() - s.originBytes()) / s.bytesServed();
      edges.add(new ScenarioReport.Edge(entry.getKey(), s.requests(), s.hits(), s.hitRatio(), Math.max(0, byteHits),
          s.originRequests()));
    }
    return new ScenarioReport(scenario.name(), scenario.description(), plan.traffic().seed(), seconds,
        scenario.events().stream().map(ScenarioEvent::describe).toList(), regions, edges, topology.originRequestsById(),
        timeline, responses, unreachable, edgeRequests, ScenarioReport.agree(responses, unreachable, edgeRequests),
        describe(plan.balancing().health()), replicaHealth, describe(plan.dns().health()), edgeHealth);
  }

  /** Each edge's state in the geo-DNS's view, as the report names it. */
  private static Map<String, String> upOrDown(Map<String, Boolean> healthy) {
    Map<String, String> states = new TreeMap<>();
    healthy.forEach((edge, up) -> states.put(edge, up ? "UP" : "DOWN"));
    return states;
  }

  /** The geo-DNS's checks of the edges in words, with the bounds a stopped edge's marking should keep. */
  static String describe(HealthCheckConfig check) {
    return "The geo-DNS probes each edge's health endpoint " + checks(check.interval(), check.timeout(), "an edge"
        + " leaves its answers", check.fall(), "returns", check.rise()) + "; users ask again when a request fails or"
        + " their answer's TTL ends. Polled every " + HEALTH_POLL_MILLIS + " ms";
  }

  /** The pools' active checks in words, with the bounds a stopped replica's marking should keep. */
  static String describe(ActiveCheckConfig check) {
    String probe = check.kind() == ActiveCheckConfig.Kind.TCP ? "TCP connects"
        : "HTTP probes of " + check.path() + " expecting " + check.expectStatus();
    return "Every edge's pools run " + probe + " " + checks(check.interval(), check.timeout(), "a replica is marked"
        + " DOWN", check.fall(), "UP", check.rise()) + "; passive checks may eject it sooner (EJECTED). Polled every "
        + HEALTH_POLL_MILLIS + " ms";
  }

  /** "every 1s (timeout 500ms): {@code down} after 2 failed probes in a row (within about 2s of stopping) and …". */
  private static String checks(Duration interval, Duration timeout, String down, int fall, String up, int rise) {
    return String.format(Locale.ROOT, "every %s (timeout %s): %s after %d failed probes in a row (within about %s of"
        + " stopping) and %s after %d good ones (within about %s of starting)", DurationText.format(interval),
        DurationText.format(timeout), down, fall, DurationText.format(interval.multipliedBy(fall)), up, rise,
        DurationText.format(interval.multipliedBy(rise)));
  }

  /** Writes {@code report} into {@code folder}: report.json, report.md, hit-ratio.svg and latency-cdf.svg. */
  public static void write(java.nio.file.Path folder, ScenarioReport report) throws java.io.IOException {
    ReportFiles.write(folder, report);
  }

  private static long countedByEdges(Topology topology) {
    return topology.edgeStats().values().stream().mapToLong(EdgeStats::requests).sum();
  }
}
