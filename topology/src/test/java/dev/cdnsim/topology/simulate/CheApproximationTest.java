package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.SizeDistribution;
import dev.cdnsim.topology.workload.Workload;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheApproximationTest {

  /** Uniform popularity solves by hand: n (1 - exp(-T/n)) = C, so the hit ratio is C/n. */
  @ParameterizedTest
  @ValueSource(longs = {1, 10, 500, 999})
  void uniformPopularityHitsInProportionToTheCache(long capacity) {
    double[] probabilities = new double[1_000];
    double[] sizes = new double[1_000];
    Arrays.fill(probabilities, 1.0 / 1_000);
    Arrays.fill(sizes, 1);
    var estimate = new CheApproximation(probabilities, sizes).estimate(capacity);
    assertThat(estimate.hitRatio()).isCloseTo(capacity / 1_000.0, within(1e-9));
    assertThat(estimate.characteristicTime()).isCloseTo(-1_000 * Math.log1p(-capacity / 1_000.0), within(1e-6));
  }

  @Test
  void aCacheHoldingEverythingAlwaysHits() {
    var workload = new Workload(100, 0.9, SizeDistribution.fixed(10), 1, 1, Duration.ZERO);
    assertThat(CheApproximation.of(workload, false).estimate(1_000).hitRatio()).isEqualTo(1.0);
  }

  /**
   * The acceptance check at a smaller scale: LRU replaying 2 million independent Zipf
   * requests lands within 0.01 of Che's estimate, counting objects and counting bytes (seed fixed).
   */
  @Test
  void simulatedLruIsWithinOneHundredthOfChe() {
    var workload = Workload.of(CatalogConfig.defaults(), 0.8, 1_000);
    Trace trace = Trace.generate(workload, 2026, 2_000_000);
    Simulation units = new Simulation(trace.withUnitSizes());
    CheApproximation unitChe = CheApproximation.of(workload, true);
    for (long objects : new long[] {50, 500, 5_000}) {
      assertThat(units.replay(Policy.LRU, objects).hitRatio())
          .as("%d objects", objects)
          .isCloseTo(unitChe.estimate(objects).hitRatio(), within(0.01));
    }
    Simulation bytes = new Simulation(trace);
    CheApproximation byteChe = CheApproximation.of(workload, false);
    for (long capacity : new long[] {1 << 20, 16 << 20, 64 << 20}) {
      Measurement lru = bytes.replay(Policy.LRU, capacity);
      var estimate = byteChe.estimate(capacity);
      assertThat(lru.hitRatio()).as("%d bytes", capacity).isCloseTo(estimate.hitRatio(), within(0.01));
      assertThat(lru.byteHitRatio()).as("%d bytes", capacity).isCloseTo(estimate.byteHitRatio(), within(0.01));
    }
  }
}
