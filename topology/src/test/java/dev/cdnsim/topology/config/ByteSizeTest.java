package dev.cdnsim.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void binaryAndDecimalUnits() {
    assertThat(ByteSize.parse("1024")).isEqualTo(1024);
    assertThat(ByteSize.parse("10KiB")).isEqualTo(10_240);
    assertThat(ByteSize.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("1GB")).isEqualTo(1_000_000_000L);
    assertThat(ByteSize.parse("1.5 KiB")).isEqualTo(1536);
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("\"lots\"");
    assertThatThrownBy(() -> ByteSize.parse("-1MiB")).hasMessageContaining("not a size");
  }

  @Test
  void formatsForPeople() {
    assertThat(ByteSize.format(64L << 20)).isEqualTo("64 MiB");
    assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSize.format(12)).isEqualTo("12 B");
  }
}
