package dev.cdnsim.edge.balance;

import static dev.cdnsim.edge.balance.SelectionStrategyTest.replica;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retry rules both origin clients follow, on a pool without sockets: what is retried, and that every attempt is reported once. */
class AttemptsTest {
  private static final RequestInfo REQUEST = RequestInfo.of("/api/x", InetAddress.getLoopbackAddress());
  private final TestClock clock = new TestClock();
  private final Pool pool = Pool.create(PoolConfig.of("api", List.of(replica("a"), replica("b"), replica("c")),
      Duration.ofSeconds(5)).withHealth(HealthConfig.defaults().withPassive(PassiveCheckConfig.off())), clock,
      new SplittableRandom(1));

  private static String id(Selection s) {
    return s instanceof Selection.Chosen c ? c.replica().id() : "unavailable: " + ((Selection.Unavailable) s).reason();
  }

  private long active() {
    return pool.stats().replicas().stream().mapToLong(ReplicaStats::active).sum();
  }

  @Test
  void aRefusedConnectionGoesToAnotherReplicaWhateverTheMethod() {
    Attempts post = new Attempts(pool, REQUEST, "POST");
    assertThat(id(post.first())).isEqualTo("a");

    Selection next = post.failed(Attempts.Failure.REFUSED, Attempts.Failure.REFUSED.what(), false);

    assertThat(id(next)).isEqualTo("b");
    post.end(Outcome.SUCCESS);
    assertThat(active()).isZero();
    assertThat(pool.stats().replicas().get(0).failures()).isOne();
  }

  @Test
  void aBrokenConnectionIsRetriedOnlyForAnIdempotentRequestThatCanBeSentAgain() {
    Attempts post = new Attempts(pool, REQUEST, "POST");
    post.first();
    assertThat(id(post.failed(Attempts.Failure.BROKEN, "closed the connection", true)))
        .isEqualTo("unavailable: origin a closed the connection");

    Attempts streamedPut = new Attempts(pool, REQUEST, "PUT");
    streamedPut.first();
    assertThat(id(streamedPut.failed(Attempts.Failure.BROKEN, "closed the connection", false))).startsWith("unavailable");

    Attempts get = new Attempts(pool, REQUEST, "GET");
    get.first();
    assertThat(id(get.failed(Attempts.Failure.BROKEN, "closed the connection", true))).isIn("a", "b", "c");
    get.end(Outcome.SUCCESS);
    assertThat(active()).isZero();
  }

  @Test
  void a503ToAGetGoesElsewhereButA504OrA503ToAPostGoesToTheClient() {
    Attempts get = new Attempts(pool, REQUEST, "GET");
    get.first();
    assertThat(get.instead(504, true)).isEmpty();
    assertThat(get.instead(503, true)).hasValueSatisfying(c -> assertThat(c.replica().id()).isNotEqualTo("a"));
    get.end(Outcome.SUCCESS);

    Attempts post = new Attempts(pool, REQUEST, "POST");
    post.first();
    assertThat(post.instead(503, true)).isEmpty();
    post.end(Outcome.UNAVAILABLE);
    assertThat(active()).isZero();
  }

  @Test
  void retriesStopAtTheLimitAndTheReasonNamesTheLastReplica() {
    Attempts get = new Attempts(pool, REQUEST, "GET");   // the default: one retry
    get.first();
    get.failed(Attempts.Failure.CONNECT_TIMEOUT, Attempts.Failure.CONNECT_TIMEOUT.what(), true);

    Selection last = get.failed(Attempts.Failure.REFUSED, Attempts.Failure.REFUSED.what(), true);

    assertThat(id(last)).isEqualTo("unavailable: origin b refused the connection");
    assertThat(get.current()).isEmpty();
    assertThat(active()).isZero();
  }

  @Test
  void the502SaysUnreachableWhenNoReplicaGotTheRequestAndFailedWhenOneDid() {
    Attempts refused = new Attempts(pool, REQUEST, "GET");
    refused.first();
    refused.failed(Attempts.Failure.REFUSED, Attempts.Failure.REFUSED.what(), true);
    Selection none = refused.failed(Attempts.Failure.CONNECT_TIMEOUT, Attempts.Failure.CONNECT_TIMEOUT.what(), true);
    assertThat(((Selection.Unavailable) none).message())
        .isEqualTo("origin unreachable: origin b did not accept the connection in time");

    // One replica broke off after taking the request, the next refused it: the request did reach the origin.
    Attempts broken = new Attempts(pool, REQUEST, "GET");
    broken.first();
    Selection retry = broken.failed(Attempts.Failure.BROKEN, "answered with a malformed head (no status)", true);
    Selection after = broken.failed(Attempts.Failure.REFUSED, Attempts.Failure.REFUSED.what(), true);
    assertThat(((Selection.Unavailable) after).message())
        .isEqualTo("origin failed: origin " + id(retry) + " refused the connection");
  }

  @Test
  void endingTwiceReportsOnce() {
    Attempts get = new Attempts(pool, REQUEST, "GET");
    get.first();
    get.end(Outcome.TIMEOUT);
    get.end(Outcome.SUCCESS);

    assertThat(active()).isZero();
    assertThat(pool.stats().replicas().get(0).failures()).isOne();
  }
}
