package dev.cdnsim.edge.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pure passive (nginx), active (HAProxy) and slow-start rules, on values. */
class HealthStateMachineTest {
  private static final PassiveCheckConfig THREE_IN_10S = new PassiveCheckConfig(3, Duration.ofSeconds(10));

  @Test
  void maxFailsWithinFailTimeoutEjectsForFailTimeout() {
    PassiveHealth h = PassiveHealth.HEALTHY.failed(0, THREE_IN_10S).failed(4_000, THREE_IN_10S);
    assertThat(h.available(4_000)).isTrue();
    h = h.failed(9_999, THREE_IN_10S);
    assertThat(h.available(9_999)).isFalse();
    assertThat(h.available(19_998)).isFalse();
    assertThat(h.available(19_999)).isTrue();
  }

  @Test
  void failuresSpreadWiderThanFailTimeoutDoNotEject() {
    PassiveHealth h = PassiveHealth.HEALTHY;
    for (long t = 0; t < 60_000; t += 5_000) h = h.failed(t, THREE_IN_10S);   // at most 2 per window
    assertThat(h.failures()).isLessThan(3);
    assertThat(h.available(60_000)).isTrue();
  }

  @Test
  void aSuccessClearsTheFailureCount() {
    PassiveHealth h = PassiveHealth.HEALTHY.failed(0, THREE_IN_10S).failed(1, THREE_IN_10S).succeeded();
    assertThat(h.failed(2, THREE_IN_10S).available(2)).isTrue();
    assertThat(PassiveHealth.HEALTHY.succeeded()).isSameAs(PassiveHealth.HEALTHY);
  }

  @Test
  void afterAnEjectionOneFailureEjectsAgainUntilASuccess() {
    PassiveHealth h = PassiveHealth.HEALTHY.failed(0, THREE_IN_10S).failed(1, THREE_IN_10S).failed(2, THREE_IN_10S);
    assertThat(h.failed(5_000, THREE_IN_10S)).as("a failure while out changes nothing").isEqualTo(h);
    PassiveHealth probation = h.failed(10_002, THREE_IN_10S);
    assertThat(probation.available(10_002)).isFalse();
    assertThat(probation.available(20_002)).isTrue();
    PassiveHealth recovered = probation.succeeded();
    assertThat(recovered.failed(20_003, THREE_IN_10S).available(20_003)).isTrue();
  }

  @Test
  void maxFailsZeroNeverEjects() {
    PassiveHealth h = PassiveHealth.HEALTHY;
    for (int i = 0; i < 100; i++) h = h.failed(i, PassiveCheckConfig.off());
    assertThat(h.available(100)).isTrue();
  }

  @Test
  void fallConsecutiveFailedProbesTakeAReplicaDownAndRiseBringItBack() {
    ActiveHealth h = ActiveHealth.INITIAL;
    h = h.probed(false, 2, 3).probed(false, 2, 3);
    assertThat(h.up()).isTrue();
    h = h.probed(true, 2, 3);
    assertThat(h).as("a good probe resets the streak").isEqualTo(new ActiveHealth(true, 0));
    h = h.probed(false, 2, 3).probed(false, 2, 3).probed(false, 2, 3);
    assertThat(h.up()).isFalse();
    h = h.probed(true, 2, 3).probed(false, 2, 3).probed(true, 2, 3);
    assertThat(h.up()).isFalse();
    assertThat(h.probed(true, 2, 3).up()).isTrue();
  }

  @Test
  void slowStartRampsWeightInTenStepsOverTheWindow() {
    SlowStart ramp = SlowStart.of(Duration.ofSeconds(10));
    long since = 1_000_000;
    assertThat(ramp.weight(2, since, since)).isEqualTo(2);          // 10% of 2 × SCALE 10
    assertThat(ramp.weight(2, since, since + 4_999)).isEqualTo(10); // 50%
    assertThat(ramp.weight(2, since, since + 9_999)).isEqualTo(20);
    assertThat(ramp.weight(2, since, since + 10_000)).isEqualTo(20);
    assertThat(ramp.nextChange(since, since + 4_999)).isEqualTo(since + 5_000);
    assertThat(ramp.nextChange(since, since + 10_000)).isEqualTo(Long.MAX_VALUE);
    assertThat(ramp.weight(2, Long.MIN_VALUE, since)).as("never recovered: full weight").isEqualTo(20);
    assertThat(SlowStart.of(Duration.ZERO).weight(3, since, since)).isEqualTo(30);
  }
}
