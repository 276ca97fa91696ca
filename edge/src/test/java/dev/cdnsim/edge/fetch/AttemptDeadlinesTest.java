package dev.cdnsim.edge.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdnsim.edge.balance.TimeoutConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The first-byte and total deadlines of a passed request's attempt, on made-up {@code nanoTime} instants. */
class AttemptDeadlinesTest {
  private static final long MS = 1_000_000L;
  /** nanoTime may be negative: start there so that no comparison relies on its sign. */
  private static final long START = -5_000 * MS;
  private static final TimeoutConfig TIMEOUTS =
      new TimeoutConfig(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(1_000));

  @Test
  void beforeTheRequestIsOutOnlyTheTotalDeadlineApplies() {
    AttemptDeadlines d = new AttemptDeadlines(START, TIMEOUTS);
    // A long upload: 400 ms into it, past a first-byte timeout counted from the start, nothing has passed.
    assertEquals(600 * MS, d.remaining(START + 400 * MS));
    assertEquals(0, d.remaining(START + 1_000 * MS));
  }

  @Test
  void theFirstByteTimeoutRunsFromTheEndOfTheRequest() {
    AttemptDeadlines d = new AttemptDeadlines(START, TIMEOUTS);
    d.requestSent(START + 100 * MS);
    assertEquals(250 * MS, d.remaining(START + 150 * MS));
    assertEquals(-10 * MS, d.remaining(START + 410 * MS));
  }

  @Test
  void theTotalDeadlineCutsTheFirstByteWaitShort() {
    AttemptDeadlines d = new AttemptDeadlines(START, TIMEOUTS);
    d.requestSent(START + 900 * MS);
    assertEquals(50 * MS, d.remaining(START + 950 * MS));
  }

  @Test
  void onceAnsweredTheBodyIsCutOnlyWhenTheReplicaFallsSilentForTheFirstByteTimeout() {
    AttemptDeadlines d = new AttemptDeadlines(START, TIMEOUTS);
    d.requestSent(START);
    assertFalse(d.isAnswered());
    d.answered(START + 100 * MS);
    assertTrue(d.isAnswered());
    assertEquals(300 * MS, d.remaining(START + 100 * MS));
    // A long body whose bytes keep coming outlives the total deadline: a slow download is not a stalled one.
    for (long t = 200; t <= 5_000; t += 200) d.bodyMoved(START + t * MS);
    assertEquals(250 * MS, d.remaining(START + 5_050 * MS));
    assertEquals(-1 * MS, d.remaining(START + 5_301 * MS));
  }

  @Test
  void theFirstTimerWaitsNoLongerThanTheFirstByteTimeout() {
    AttemptDeadlines d = new AttemptDeadlines(START, TIMEOUTS);
    assertEquals(300 * MS, d.firstWait(START + 20 * MS));
    assertEquals(200 * MS, d.firstWait(START + 800 * MS));
  }
}
