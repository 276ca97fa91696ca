package dev.cdnsim.geodns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthStateTest {
  private static HealthState run(HealthState state, int rise, int fall, boolean... probes) {
    for (boolean ok : probes) {
      state = state.after(ok, rise, fall);
    }
    return state;
  }

  @Test
  void startsHealthy() {
    assertThat(HealthState.INITIAL.healthy()).isTrue();
  }

  @Test
  void goesDownAfterFallConsecutiveFailures() {
    assertThat(run(HealthState.INITIAL, 2, 3, false, false).healthy()).isTrue();
    assertThat(run(HealthState.INITIAL, 2, 3, false, false, false).healthy()).isFalse();
  }

  @Test
  void aSuccessInBetweenResetsTheFailureStreak() {
    assertThat(run(HealthState.INITIAL, 2, 3, false, false, true, false, false).healthy())
        .isTrue();
  }

  @Test
  void comesBackAfterRiseConsecutiveSuccesses() {
    HealthState down = run(HealthState.INITIAL, 3, 1, false);
    assertThat(down.healthy()).isFalse();
    assertThat(run(down, 3, 1, true, true).healthy()).isFalse();
    assertThat(run(down, 3, 1, true, true, false, true, true).healthy()).isFalse();
    assertThat(run(down, 3, 1, true, true, true).healthy()).isTrue();
  }

  @Test
  void tableReportsFlipsOnlyWhenTheStateChanges() {
    HealthTable table = new HealthTable(
        new HealthCheckConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2));
    EdgeSite edge = new EdgeSite("e", DefaultTopology.ip("127.0.1.1"), new GeoPoint(0, 0), null);
    assertThat(table.isHealthy(edge)).isTrue();
    assertThat(table.record("e", false)).isFalse();
    assertThat(table.record("e", false)).isTrue();
    assertThat(table.isHealthy(edge)).isFalse();
    assertThat(table.record("e", false)).isFalse();
    assertThat(table.record("e", true)).isTrue();
    assertThat(table.isHealthy(edge)).isTrue();
  }
}
