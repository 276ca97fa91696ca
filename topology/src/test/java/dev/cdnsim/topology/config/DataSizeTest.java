package dev.cdnsim.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizeTest {

  @Test
  void parsesBinaryDecimalAndBareAmounts() {
    assertThat(DataSize.parse("1MiB")).isEqualTo(1L << 20);
    assertThat(DataSize.parse("256 mib")).isEqualTo(256L << 20);
    assertThat(DataSize.parse("2GiB")).isEqualTo(2L << 30);
    assertThat(DataSize.parse("10KiB")).isEqualTo(10_240);
    assertThat(DataSize.parse("3MB")).isEqualTo(3_000_000);
    assertThat(DataSize.parse("512")).isEqualTo(512);
    assertThat(DataSize.parse("7B")).isEqualTo(7);
  }

  @Test
  void rejectsWhatIsNotAnAmount() {
    assertThatThrownBy(() -> DataSize.parse("1.5MiB")).hasMessageContaining("not an amount of bytes");
    assertThatThrownBy(() -> DataSize.parse("5 parsecs")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> DataSize.parse("99999999999TiB")).hasMessageContaining("too many bytes");
  }

  @Test
  void formatsInTheLargestExactBinaryUnit() {
    assertThat(DataSize.format(1L << 20)).isEqualTo("1MiB");
    assertThat(DataSize.format(256L << 20)).isEqualTo("256MiB");
    assertThat(DataSize.format(1536)).isEqualTo("1536B");
    assertThat(DataSize.format(0)).isEqualTo("0B");
    assertThat(DataSize.approximate(150L << 30)).isEqualTo("150 GiB");
    assertThat(DataSize.approximate(1536)).isEqualTo("1.50 KiB");
    assertThat(DataSize.approximate(100)).isEqualTo("100 B");
  }
}
