package dev.cdnsim.edge.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActiveCheckConfigTest {
  @Test
  void anIntervalShorterThanTheTimeoutCutsTheTimeoutToIt() {
    ActiveCheckConfig check = ActiveCheckConfig.http("/health").everyWithin(Duration.ofMillis(200));

    assertThat(check.interval()).isEqualTo(Duration.ofMillis(200));
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(check).usingRecursiveComparison().ignoringFields("interval", "timeout")
        .isEqualTo(ActiveCheckConfig.http("/health"));
  }

  @Test
  void aLongerIntervalKeepsTheTimeout() {
    ActiveCheckConfig check = ActiveCheckConfig.tcp().everyWithin(Duration.ofSeconds(5));

    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(check.timeout()).isEqualTo(ActiveCheckConfig.tcp().timeout());
  }
}
