package dev.cdnsim.topology.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipfDistributionTest {

  /**
   * Pearson's chi-squared over every rank of a 200-object catalog. The threshold is the 0.999
   * quantile of chi-squared with 199 degrees of freedom (Wilson–Hilferty), so a correct sampler
   * fails with probability 0.001 for a random seed, and never for this fixed one.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 0.9, 1.0, 1.2, 2.0})
  void frequenciesFitTheProbabilitiesByChiSquared(double alpha) {
    int objects = 200;
    int samples = 400_000;
    var zipf = new ZipfDistribution(objects, alpha);
    long[] counts = histogram(zipf, 42, samples);

    double chiSquared = 0;
    int bins = 0;
    double pooledExpected = 0;
    long pooledObserved = 0;
    for (int rank = 1; rank <= objects; rank++) {
      double expected = samples * zipf.probability(rank);
      if (expected < 5) { // too small for the chi-squared approximation: pool the tail
        pooledExpected += expected;
        pooledObserved += counts[rank];
        continue;
      }
      chiSquared += square(counts[rank] - expected) / expected;
      bins++;
    }
    if (pooledExpected > 0) {
      chiSquared += square(pooledObserved - pooledExpected) / pooledExpected;
      bins++;
    }
    assertThat(chiSquared).isLessThan(chiSquaredQuantile999(bins - 1));
  }

  /**
   * Kolmogorov–Smirnov on a million-object catalog: the largest gap between the empirical and the
   * exact CDF stays under 1.95/sqrt(samples), the 0.001 level of the KS statistic (conservative
   * for a discrete distribution).
   */
  @Test
  void empiricalCdfFollowsTheExactCdfOnALargeCatalog() {
    int objects = 1_000_000;
    int samples = 1_000_000;
    var zipf = new ZipfDistribution(objects, 0.9);
    long[] counts = histogram(zipf, 7, samples);
    double empirical = 0;
    double exact = 0;
    double largestGap = 0;
    for (int rank = 1; rank <= objects; rank++) {
      empirical += counts[rank] / (double) samples;
      exact += zipf.probability(rank);
      largestGap = Math.max(largestGap, Math.abs(empirical - exact));
    }
    assertThat(largestGap).isLessThan(1.95 / Math.sqrt(samples));
  }

  @Test
  void sameSeedGivesTheSameSequenceAndAnotherSeedDoesNot() {
    var zipf = new ZipfDistribution(100_000, 0.8);
    int[] first = draw(zipf, new SplittableRandom(2026), 10_000);
    int[] again = draw(zipf, new SplittableRandom(2026), 10_000);
    int[] other = draw(zipf, new SplittableRandom(2027), 10_000);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void samplesStayWithinTheRanks() {
    var zipf = new ZipfDistribution(10, 0.3);
    assertThat(draw(zipf, new SplittableRandom(1), 100_000)).containsOnly(IntStream.rangeClosed(1, 10).toArray());
    assertThat(draw(new ZipfDistribution(1, 1.0), new SplittableRandom(1), 1_000))
        .containsOnly(1);
  }

  @Test
  void probabilitiesMatchAHandComputedCase() {
    // alpha 1, three objects: weights 1, 1/2, 1/3 sum to 11/6.
    var zipf = new ZipfDistribution(3, 1.0);
    assertThat(zipf.probability(1)).isCloseTo(6.0 / 11, within(1e-15));
    assertThat(zipf.probability(2)).isCloseTo(3.0 / 11, within(1e-15));
    assertThat(zipf.probability(3)).isCloseTo(2.0 / 11, within(1e-15));
    assertThat(zipf.probability(0)).isZero();
    assertThat(zipf.probability(4)).isZero();
  }

  /** Above 1000 objects the normaliser comes from Euler–Maclaurin; check it against the sum. */
  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.6, 0.9999999, 1.0, 1.3})
  void probabilitiesOfALargeCatalogSumToOne(double alpha) {
    var zipf = new ZipfDistribution(2_000_000, alpha);
    double total = IntStream.rangeClosed(1, 2_000_000)
        .map(rank -> 2_000_001 - rank) // smallest first
        .mapToDouble(zipf::probability)
        .sum();
    assertThat(total).isCloseTo(1.0, within(1e-10));
    assertThat(zipf.probability(1) / zipf.probability(2)).isCloseTo(Math.pow(2, alpha), within(1e-12));
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new ZipfDistribution(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfDistribution(10, -0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfDistribution(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfDistribution(10, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Counts how often each rank comes up in {@code samples} draws with {@code seed}. */
  private static long[] histogram(ZipfDistribution zipf, long seed, int samples) {
    long[] counts = new long[zipf.objects() + 1];
    for (int rank : draw(zipf, new SplittableRandom(seed), samples)) {
      counts[rank]++;
    }
    return counts;
  }

  private static int[] draw(ZipfDistribution zipf, SplittableRandom random, int samples) {
    int[] ranks = new int[samples];
    for (int i = 0; i < samples; i++) {
      ranks[i] = zipf.sample(random);
    }
    return ranks;
  }

  private static double square(double x) {
    return x * x;
  }

  /** Wilson–Hilferty approximation of the 0.999 quantile of chi-squared (z = 3.0902). */
  private static double chiSquaredQuantile999(int degreesOfFreedom) {
    double k = degreesOfFreedom;
    double c = 2.0 / (9.0 * k);
    return k * Math.pow(1 - c + 3.0902 * Math.sqrt(c), 3);
  }
}
