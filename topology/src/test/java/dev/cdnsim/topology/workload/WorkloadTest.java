package dev.cdnsim.topology.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.ContentCatalog;
import dev.cdnsim.origin.SizeDistribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final Workload WORKLOAD =
      Workload.of(CatalogConfig.defaults(), 0.9, 1_000).withChangeInterval(Duration.ofSeconds(10));

  @Test
  void sameSeedGivesTheSameRequestsAndAnotherSeedDoesNot() {
    assertThat(take(WORKLOAD.generator(5), 5_000)).isEqualTo(take(WORKLOAD.generator(5), 5_000));
    assertThat(take(WORKLOAD.generator(6), 5_000)).isNotEqualTo(take(WORKLOAD.generator(5), 5_000));
  }

  @Test
  void sizesAreTheOriginCatalogsSizes() {
    var catalog = new ContentCatalog(CatalogConfig.defaults());
    for (Request request : take(WORKLOAD.generator(1), 2_000)) {
      assertThat(request.size()).isEqualTo(catalog.object(request.object()).size());
    }
  }

  /**
   * 100,000 Poisson arrivals at 1,000/s span 100 s with a standard deviation of 0.32 s; the
   * tolerance is 1.5 s (almost 5 sigma), and the seed is fixed.
   */
  @Test
  void arrivalsFollowTheRequestRate() {
    List<Request> requests = take(WORKLOAD.generator(11), 100_000);
    for (int i = 1; i < requests.size(); i++) {
      assertThat(requests.get(i).atNanos()).isGreaterThanOrEqualTo(requests.get(i - 1).atNanos());
    }
    double seconds = requests.getLast().atNanos() / 1e9;
    assertThat(seconds).isCloseTo(100.0, within(1.5));
  }

  /** Object 1 is drawn with probability 1/H(10000, 0.9) = 0.06374; 100,000 draws, 5 sigma = 0.0039. */
  @Test
  void mostPopularObjectIsDrawnAtItsZipfProbability() {
    long ones = take(WORKLOAD.generator(3), 100_000).stream().filter(r -> r.object() == 1).count();
    double expected = WORKLOAD.popularity().probability(1);
    assertThat(expected).isCloseTo(0.06374, within(0.00001));
    assertThat(ones / 100_000.0).isCloseTo(expected, within(0.0039));
  }

  @Test
  void versionsStepOncePerChangeIntervalAtSpreadPhases() {
    long tenSeconds = Duration.ofSeconds(10).toNanos();
    int changedByHalfInterval = 0;
    for (int object = 1; object <= 10_000; object++) {
      assertThat(WORKLOAD.versionAt(object, 0)).isZero();
      assertThat(WORKLOAD.versionAt(object, 100 * tenSeconds) - WORKLOAD.versionAt(object, 0))
          .isEqualTo(100);
      changedByHalfInterval += WORKLOAD.versionAt(object, tenSeconds / 2);
    }
    // Phases are uniform: half of the objects change in the first half interval (5 sigma = 250).
    assertThat(changedByHalfInterval).isBetween(4_750, 5_250);
  }

  @Test
  void objectsThatNeverChangeStayAtVersionZero() {
    var still = WORKLOAD.withChangeInterval(Duration.ZERO);
    assertThat(take(still.generator(9), 10_000)).allMatch(r -> r.version() == 0);
  }

  @Test
  void rejectsInvalidParameters() {
    var sizes = SizeDistribution.fixed(100);
    assertThatThrownBy(() -> new Workload(0, 1, sizes, 1, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Workload(10, -1, sizes, 1, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Workload(10, 1, sizes, 1, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Workload(10, 1, sizes, 1, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Request> take(RequestGenerator generator, int count) {
    List<Request> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(generator.next());
    }
    return requests;
  }
}
