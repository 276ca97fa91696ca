package dev.cdnsim.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void readsTheUnitsOfTopologyFilesAndIso8601() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesWhatIsNotAPositiveDurationNamingIt() {
    assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("\"soon\"");
    assertThatThrownBy(() -> DurationText.parse("0s")).hasMessageContaining("positive");
  }

  @Test
  void writesWholeSecondsInSecondsAndTheRestInMillisecondsAndReadsThemBack() {
    assertThat(DurationText.format(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofSeconds(60)}) {
      assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }
  }
}
