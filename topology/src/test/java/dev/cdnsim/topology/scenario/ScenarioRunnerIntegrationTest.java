package dev.cdnsim.topology.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.geodns.HealthCheckConfig;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edge dies under traffic and comes back: DNS moves its users, and the report's sums match the nodes' counters. */
class ScenarioRunnerIntegrationTest {

  private static TopologyPlan fastHealthPlan() {
    TopologyPlan plan = new TopologyLoader().loadDefault().withEphemeralPorts();
    TopologyPlan.Dns d = plan.dns();
    TopologyPlan.Dns fast = new TopologyPlan.Dns(d.listen(), d.zone(), d.serviceName(), d.ttlSeconds(), d.defaultLocation(),
        new HealthCheckConfig(Duration.ofMillis(200), Duration.ofMillis(200), 2, 2));
    return plan.withDns(fast).withTraffic(new TopologyPlan.Traffic(2, 240, 11));
  }

  @Test
  void anEdgeFailureMovesItsUsersAndTheReportAddsUp(@TempDir Path out) throws Exception {
    TopologyPlan plan = fastHealthPlan();
    Scenario scenario = new Scenario("edge-failure", "seoul dies and returns", Duration.ofSeconds(5),
        List.of(ScenarioEvent.stop(1, "seoul"), ScenarioEvent.start(3, "seoul")));
    List<String> progress = new CopyOnWriteArrayList<>();
    ScenarioReport report = new ScenarioRunner(plan, Clock.systemUTC(), progress::add).run(scenario);

    // Users send a fixed budget: rate 240/s split 3:3:2 over regions, 2 users each, for 5 s.
    assertThat(report.regions()).extracting(ScenarioReport.Region::requests).containsExactly(450L, 450L, 300L);
    assertThat(report.consistent()).as("users' responses %d (+%d failed) vs edges' requests %d", report.userResponses(),
        report.userUnreachable(),
        report.edgeRequests()).isTrue();
    ScenarioReport.Region seoulUsers = report.regions().get(0);
    ScenarioReport.Edge seoulEdge = report.edges().get(0);
    ScenarioReport.Edge londonEdge = report.edges().get(1);
    assertThat(seoulUsers.rerouteSeconds()).isNotNull().isLessThan(2.0);
    assertThat(seoulEdge.requests()).isLessThan(seoulUsers.requests() - seoulUsers.unreachable());
    assertThat(londonEdge.requests()).as("London's edge also served Seoul's users while Seoul was down")
        .isGreaterThan(report.regions().get(1).requests());
    assertThat(report.regions().get(1).errors()).isZero();
    assertThat(progress).anyMatch(l -> l.startsWith("event: 1s stop seoul")).anyMatch(l -> l.startsWith("event: 3s start seoul"));
    // The geo-DNS probes every 200 ms, fall 2 and rise 2: out of its answers within 0.4 s of the stop and back within
    // 0.4 s of the start, plus up to a probe interval and timeout and a poll (100 ms) on a slow machine. A probe in
    // flight at the stop, or one that reached the edge while it was starting, can make either sooner than 0.2 s.
    List<ScenarioReport.EdgeHealthChange> dnsView = report.edgeHealth();
    assertThat(dnsView).extracting(ScenarioReport.EdgeHealthChange::edge).containsOnly("seoul");
    assertThat(dnsView).extracting(ScenarioReport.EdgeHealthChange::state).containsExactly("DOWN", "UP");
    assertThat(dnsView.get(0).afterEvent()).as("s after the stop").isBetween(0.0, 1.0);
    assertThat(dnsView.get(1).afterEvent()).as("s after the start").isBetween(0.0, 1.0);
    assertThat(report.dnsChecks()).contains("every 200ms", "after 2 failed probes", "after 2 good ones");

    ScenarioRunner.write(out, report);
    assertThat(Files.readString(out.resolve("report.md"))).contains("| seoul |", "they agree",
        "## Edges, as the geo-DNS saw them", " | seoul | DOWN | ");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"edgeHealth\"");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"scenario\" : \"edge-failure\"", "\"timeline\"");
    assertThat(Files.readString(out.resolve("hit-ratio.svg"))).startsWith("<svg").contains("<polyline", "seoul");
    assertThat(Files.readString(out.resolve("latency-cdf.svg"))).contains("<polyline", "sao-paulo");
  }

  @Test
  void everyEdgeMarksAStoppedReplicaDownWithinIntervalTimesFallAndUpWithinIntervalTimesRise(@TempDir Path out)
      throws Exception {
    TopologyPlan base = fastHealthPlan();
    // Probes every 200 ms: down after 2 failures (400 ms), up after 3 successes (600 ms).
    ActiveCheckConfig check = base.balancing().health().every(Duration.ofMillis(200), 3, 2)
        .everyWithin(Duration.ofMillis(200));
    TopologyPlan plan = base.withBalancing(new TopologyPlan.Balancing(base.balancing().routes(), check));
    Scenario scenario = new Scenario("origin-failure", "us-east-1 dies and returns", Duration.ofSeconds(5),
        List.of(ScenarioEvent.stop(1, "us-east-1"), ScenarioEvent.start(3, "us-east-1")));

    ScenarioReport report = new ScenarioRunner(plan, Clock.systemUTC(), line -> { }).run(scenario);

    // A probe can start just before the stop and the poll comes up to 100 ms late: allow one interval and one poll
    // beyond interval x fall (and x rise), and one probe timeout.
    int pools = plan.balancing().routes().size();
    for (ScenarioReport.Edge edge : report.edges()) {
      Map<String, List<ScenarioReport.HealthChange>> byPool = report.replicaHealth().stream()
          .filter(c -> c.edge().equals(edge.id()) && c.replica().equals("us-east-1"))
          .collect(Collectors.groupingBy(ScenarioReport.HealthChange::pool));
      assertThat(byPool).as("%s's pools that saw us-east-1 change", edge.id()).hasSize(pools);
      byPool.forEach((pool, seen) -> {
        ScenarioReport.HealthChange down = seen.stream().filter(c -> c.state().equals("DOWN")).findFirst()
            .orElseThrow(() -> new AssertionError(edge.id() + "/" + pool + " never marked it down: " + seen));
        assertThat(down.afterEvent()).as("%s/%s marked it down, s after the stop", edge.id(), pool).isBetween(0.2, 1.0);
        ScenarioReport.HealthChange up = seen.get(seen.size() - 1);
        assertThat(up.state()).as("%s/%s's last view of it in %s", edge.id(), pool, seen).isEqualTo("UP");
        assertThat(up.afterEvent()).as("%s/%s marked it up, s after the start", edge.id(), pool).isBetween(0.2, 1.2);
      });
    }
    assertThat(report.replicaHealth()).noneMatch(c -> c.replica().equals("us-east-2"));
    assertThat(report.healthChecks()).contains("every 200ms", "after 2 failed probes", "after 3 good ones");
    ScenarioRunner.write(out, report);
    assertThat(Files.readString(out.resolve("report.md"))).contains(
        "## Origin replicas, as the edges' balancers saw them",
        "| seoul | ", " | us-east-1 | DOWN | ");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"replicaHealth\"", "\"afterEvent\"");
  }
}
