package dev.cdnsim.edge.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-thread deadline list, swept by hand on made-up {@code nanoTime} instants (negative ones too). */
class DeadlinesTest {
  private static final long T = -1_000_000_000L;
  private final Deadlines list = new Deadlines(null);
  private final Deadlines.Entry a = new Deadlines.Entry(() -> { });
  private final Deadlines.Entry b = new Deadlines.Entry(() -> { });
  private final Deadlines.Entry c = new Deadlines.Entry(() -> { });

  @Test
  void aSweepTakesWhatIsDueInArmingOrderAndLeavesTheRest() {
    list.arm(a, T + 30);
    list.arm(b, T + 10);
    list.arm(c, T + 20);

    assertThat(list.expired(T + 5)).isEmpty();
    assertThat(list.expired(T + 20)).containsExactly(b, c);
    assertThat(b.armed()).isFalse();
    assertThat(a.armed()).isTrue();
    assertThat(list.expired(T + 30)).containsExactly(a);
    assertThat(list.isEmpty()).isTrue();
  }

  @Test
  void disarmingFromAnyPlaceKeepsTheListWhole() {
    list.arm(a, T);
    list.arm(b, T);
    list.arm(c, T);
    list.disarm(b);
    list.disarm(b);   // twice: nothing
    assertThat(list.expired(T)).containsExactly(a, c);

    list.arm(a, T);
    list.arm(b, T);
    list.disarm(a);
    list.disarm(b);
    assertThat(list.isEmpty()).isTrue();
    list.arm(c, T);
    assertThat(list.expired(T)).containsExactly(c);
  }

  @Test
  void armingAgainMovesTheDeadline() {
    list.arm(a, T + 10);
    list.arm(a, T + 50);
    assertThat(a.at()).isEqualTo(T + 50);
    assertThat(list.expired(T + 10)).isEmpty();
    assertThat(list.expired(T + 50)).containsExactly(a);
  }
}
