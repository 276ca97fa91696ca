package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each policy on short traces whose hits and misses were worked out by hand (see the comments). */
class HandCheckedTraceTest {
  private static final Trace ABCADBEA = Traces.letters("ABCADBEA");

  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    // A B C fill; A hits and becomes newest; D evicts B; B evicts C; E evicts A; A misses.
    assertThat(Traces.hits(Policy.LRU, 3, ABCADBEA)).isEqualTo("---H----");
  }

  @Test
  void fifoIgnoresHits() {
    // A B C fill; A hits; D evicts A (oldest insertion); B hits; E evicts B; A evicts C.
    assertThat(Traces.hits(Policy.FIFO, 3, ABCADBEA)).isEqualTo("---H-H--");
  }

  @Test
  void sieveSparesVisitedKeysAndKeepsItsHand() {
    // A B C fill; A hits (visited). D: the hand starts at A, clears it, evicts B, stops at C.
    // B: evicts C (unvisited), hand at D. E: evicts D, hand at B. A is still held: hit.
    assertThat(Traces.hits(Policy.SIEVE, 3, ABCADBEA)).isEqualTo("---H---H");
  }

  @Test
  void s3fifoFiltersThroughTheSmallQueueAndTheGhost() {
    // Capacity 10: small 1, main 9, ghost 9. A goes to small; B..J overflow into main (no
    // eviction yet). K: A (never hit) leaves small for the ghost, K enters small. A: a ghost hit
    // goes to main, K leaves small for the ghost. L: main holds 10 > 9, so main's tail B goes.
    // A hits. B misses; small's L goes to the ghost. K: ghost hit, to main; small's B to the
    // ghost. C hits (count 1). M: main is over, tail C has a count so it is reinserted, D goes.
    // D misses (evicted). C hits.
    assertThat(Traces.hits(Policy.S3FIFO, 10, Traces.letters("ABCDEFGHIJKALABKCMDC")))
        .isEqualTo("-------------H--H--H");
  }

  @Test
  void s3fifoPromotesFromSmallOnlyAfterTwoHits() {
    // A is hit twice in small; when K needs room A moves to main (count reset) and main's tail B
    // is evicted instead, so A hits afterwards and B misses.
    assertThat(Traces.hits(Policy.S3FIFO, 10, Traces.letters("AAABCDEFGHIJKAB")))
        .isEqualTo("-HH----------H-");
    // Hit once only, A leaves small for the ghost; its return is a miss that lands in main.
    assertThat(Traces.hits(Policy.S3FIFO, 10, Traces.letters("AABCDEFGHIJKAA")))
        .isEqualTo("-H-----------H");
  }

  @Test
  void beladyEvictsTheFarthestNextUseAndBypassesWhenThatIsTheNewKey() {
    // Capacity 2. C is next used at 9, after A (4) and B (5): C is not kept. D is never used
    // again: not kept. So A and B hit at 4, 5, 7 and 8; C misses at 9.
    assertThat(Traces.hits(Policy.BELADY, 2, Traces.letters("ABCABDABC"))).isEqualTo("---HH-HH-");
  }

  @Test
  void beladyWithSizesEvictsTheFarthestEvenWhenItIsBig() {
    // Capacity 10; A is 6 bytes, B and C 5. B forces an eviction: A is next used at 6, B at 4,
    // so A goes; B and C then fit together and both hit.
    Trace trace = Traces.letters("ABCBCA", Map.of('A', 6, 'B', 5, 'C', 5));
    assertThat(Traces.hits(Policy.BELADY, 10, trace)).isEqualTo("---HH-");
    // LRU keeps C and B too here, but loses A and so cannot hit it either.
    assertThat(Traces.hits(Policy.LRU, 10, trace)).isEqualTo("---HH-");
  }

  @Test
  void keysBiggerThanTheCacheAreNeverHeld() {
    Trace trace = Traces.letters("AAAA", Map.of('A', 11));
    for (Policy policy : Policy.values()) {
      assertThat(Traces.hits(policy, 10, trace)).as(policy.label()).isEqualTo("----");
    }
  }
}
