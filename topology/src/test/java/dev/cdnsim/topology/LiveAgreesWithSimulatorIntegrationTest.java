package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.simulate.Measurement;
import dev.cdnsim.topology.simulate.Policy;
import dev.cdnsim.topology.simulate.Simulation;
import dev.cdnsim.topology.simulate.Trace;
import dev.cdnsim.topology.traffic.TrafficDriver;
import dev.cdnsim.topology.workload.Workload;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator is only worth trusting if it predicts the real edges: the same workload through live edges (real
 * HTTP, the edge's own Caffeine cache, bounded in bytes) and through {@code cdnsim simulate}'s W-TinyLFU at the
 * same byte size must give hit ratios within two points.
 */
class LiveAgreesWithSimulatorIntegrationTest {
  private static final long CACHE_BYTES = 8L << 20; // about 3% of the 10 000-object catalog's bytes
  private static final int REQUESTS_PER_USER = 2_000;

  @Test
  void liveEdgesAndTheSimulatorAgreeOnHitRatio() throws Exception {
    TopologyPlan base = new TopologyLoader().loadDefault().withEphemeralPorts();
    List<TopologyPlan.Edge> small = base.edges().stream()
        .map(e -> new TopologyPlan.Edge(e.id(), e.listen(), e.location(), CACHE_BYTES)).toList();
    // One content class whose objects never change: the workload the simulator models.
    CatalogConfig catalog = base.catalog().withClasses(base.catalog().classes().subList(0, 1)).withChangeInterval(Duration.ZERO);
    TopologyPlan plan = base.withEdges(small).withCatalog(catalog, List.of(1.0)).withTraffic(new TopologyPlan.Traffic(2, 0, 3));

    double live;
    try (Topology topology = Topology.start(plan, Clock.systemUTC());
         TrafficDriver driver = TrafficDriver.start(topology, Clock.systemUTC(), REQUESTS_PER_USER)) {
      assertThat(driver.awaitCompletion(Duration.ofMinutes(3))).isTrue();
      // An edge counts a request when its exchange completes, a moment after the client has the last byte.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      long requests, hits;
      do {
        requests = 0;
        hits = 0;
        for (EdgeStats s : topology.edgeStats().values()) {
          requests += s.requests();
          hits += s.hits();
        }
      } while (requests < 3L * 2 * REQUESTS_PER_USER && System.nanoTime() < deadline);
      assertThat(requests).isEqualTo(3L * 2 * REQUESTS_PER_USER);
      live = (double) hits / requests;
    }

    // Each edge saw 4 000 requests of one Zipf workload: simulate the same, three times, and average.
    Workload workload = Workload.of(plan.catalog(), plan.zipfAlpha(), 1000); // the rate only spaces requests in time
    double simulated = 0;
    for (long seed = 1; seed <= 3; seed++) {
      Trace trace = Trace.generate(workload, seed, 2 * REQUESTS_PER_USER);
      Measurement m = new Simulation(trace).run(List.of(Policy.TINYLFU), List.of(CACHE_BYTES)).get(0);
      simulated += m.hitRatio() / 3;
    }
    System.out.printf("hit ratio: live edges %.4f, simulated W-TinyLFU %.4f%n", live, simulated);
    assertThat(live).as("live %.4f vs simulated %.4f", live, simulated).isCloseTo(simulated, within(0.02));
  }
}
