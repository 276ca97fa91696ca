package dev.cdnsim.topology.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesAreWithinTheBucketWidth() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int ms = 1; ms <= 100; ms++) histogram.record(ms * 1_000_000L);
    assertThat(histogram.count()).isEqualTo(100);
    assertThat(histogram.percentileMillis(0.50)).isCloseTo(50, within(50 * 0.05));
    assertThat(histogram.percentileMillis(0.99)).isCloseTo(99, within(99 * 0.05));
    assertThat(histogram.percentileMillis(1.0)).isCloseTo(100, within(100 * 0.05));
  }

  @Test
  void anEmptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().percentileMillis(0.5)).isZero();
  }
}
