package dev.cdnsim.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SizeDistributionTest {

  @Test
  void fixedSizeIsTheSameForEveryObject() {
    SizeDistribution fixed = SizeDistribution.fixed(10_240);
    assertThat(LongStream.rangeClosed(1, 1000).map(n -> fixed.sizeOf(n, 7)).distinct()).containsExactly(10_240L);
  }

  @Test
  void logNormalSizesHaveTheConfiguredMedianAndStayWithinBounds() {
    SizeDistribution sizes = new SizeDistribution(10_000, 1.0, 500, 200_000);
    long[] sample = LongStream.rangeClosed(1, 20_001).map(n -> sizes.sizeOf(n, 42)).sorted().toArray();
    assertThat(sample[0]).isGreaterThanOrEqualTo(500);
    assertThat(sample[sample.length - 1]).isLessThanOrEqualTo(200_000);
    long median = sample[sample.length / 2];
    assertThat(median).isBetween(9_500L, 10_500L); // 20k samples: the median's standard error is ~1%
    assertThat(Arrays.stream(sample).distinct().count()).isGreaterThan(1000); // really spread
  }

  @Test
  void sizesAreAPureFunctionOfSeedAndNumber() {
    SizeDistribution sizes = new SizeDistribution(10_000, 1.0, 1, 1 << 20);
    assertThat(sizes.sizeOf(17, 42)).isEqualTo(sizes.sizeOf(17, 42));
    long differences = LongStream.rangeClosed(1, 100).filter(n -> sizes.sizeOf(n, 42) != sizes.sizeOf(n, 43)).count();
    assertThat(differences).isGreaterThan(90);
  }

  @Test
  void rejectsAMedianOutsideTheBounds() {
    assertThatThrownBy(() -> new SizeDistribution(10, 1, 100, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("medianBytes");
  }
}
