package dev.cdnsim.topology.simulate;

import dev.cdnsim.topology.config.DataSize;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.topology.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final List<Long> SIZES = List.of(1L << 20, 4L << 20, 16L << 20, 64L << 20, 256L << 20);

  /** The check at a smaller scale: the edge's own cache never does worse than LRU. */
  @Test
  void tinyLfuHitsAtLeastAsOftenAsLruAtEverySize() throws InterruptedException {
    Trace trace = Trace.generate(Workload.of(CatalogConfig.defaults(), 0.9, 1_000), 17, 1_000_000);
    List<Measurement> measured = new Simulation(trace).run(List.of(Policy.LRU, Policy.TINYLFU), SIZES);
    for (int i = 0; i < SIZES.size(); i++) {
      Measurement lru = measured.get(i);
      Measurement tinyLfu = measured.get(SIZES.size() + i);
      assertThat(tinyLfu.hitRatio()).as("at %s", DataSize.format(lru.capacity()))
          .isGreaterThanOrEqualTo(lru.hitRatio());
    }
  }

  @Test
  void measurementsComeInPolicyThenCapacityOrderWithConsistentCounts() throws InterruptedException {
    Trace trace = Traces.random(5, 50_000, 2_000, 100);
    List<Policy> policies = List.of(Policy.values());
    List<Measurement> measured = new Simulation(trace).run(policies, List.of(1_000L, 10_000L));
    assertThat(measured).extracting(Measurement::policy)
        .containsExactly(policies.stream().flatMap(p -> java.util.stream.Stream.of(p, p)).toArray(Policy[]::new));
    for (Measurement m : measured) {
      assertThat(m.requests()).isEqualTo(50_000);
      assertThat(m.bytes()).isEqualTo(trace.bytes());
      assertThat(m.hits()).isBetween(0L, m.requests());
      assertThat(m.hitBytes()).isBetween(m.hits(), m.bytes()); // sizes are at least 1
      assertThat(m.cpuNanos()).isPositive();
    }
  }

  @Test
  void replaysAreRepeatableForTheArrayPolicies() throws InterruptedException {
    Trace trace = Traces.random(6, 50_000, 2_000, 100);
    List<Policy> policies = List.of(Policy.LRU, Policy.FIFO, Policy.SIEVE, Policy.S3FIFO, Policy.BELADY);
    List<Long> first = new Simulation(trace).run(policies, List.of(5_000L)).stream().map(Measurement::hits).toList();
    List<Long> again = new Simulation(trace).run(policies, List.of(5_000L)).stream().map(Measurement::hits).toList();
    assertThat(again).isEqualTo(first);
  }
}
