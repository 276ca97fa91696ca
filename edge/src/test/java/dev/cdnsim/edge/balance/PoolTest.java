package dev.cdnsim.edge.balance;

import static dev.cdnsim.edge.balance.SelectionStrategyTest.replica;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A pool's selection, health, affinity and counters, on a fake clock and without sockets. */
class PoolTest {
  private static final List<Replica> ABC = List.of(replica("a"), replica("b"), replica("c"));
  private static final RequestInfo REQUEST = RequestInfo.of("/objects/1", InetAddress.getLoopbackAddress());
  private final TestClock clock = new TestClock();

  private Pool pool(PoolConfig config) {
    return Pool.create(config, clock, new SplittableRandom(1));
  }

  private static PoolConfig config() {
    return PoolConfig.of("static", ABC, Duration.ofSeconds(5));
  }

  /** Selects and reports {@code outcome} at once, returning the chosen replica's id. */
  private static String attempt(Pool pool, RequestInfo request, Outcome outcome) {
    Selection.Chosen chosen = (Selection.Chosen) pool.select(request);
    pool.report(chosen.replica(), outcome);
    return chosen.replica().id();
  }

  /** Sends requests until one goes to {@code id}, and that one fails; the others succeed. */
  private static void failOnce(Pool pool, String id) {
    for (int i = 0; i < 10; i++) {
      Selection.Chosen chosen = (Selection.Chosen) pool.select(REQUEST);
      boolean it = chosen.replica().id().equals(id);
      pool.report(chosen.replica(), it ? Outcome.CONNECT_FAILURE : Outcome.SUCCESS);
      if (it) return;
    }
    throw new AssertionError(id + " was never chosen");
  }

  private static List<String> ids(Pool pool, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(attempt(pool, REQUEST, Outcome.SUCCESS));
    return out;
  }

  @Test
  void theOnlyReplicaOfAPoolIsNeverLeftOutByFailures() {
    // nginx ignores max_fails for a single server: with nowhere else to go, ejecting it would only turn an origin's
    // restart into fail_timeout of 502s after it is back.
    Pool pool = pool(PoolConfig.of("one", List.of(replica("a")), Duration.ofSeconds(5)));
    for (int i = 0; i < 3; i++) assertThat(attempt(pool, REQUEST, Outcome.CONNECT_FAILURE)).isEqualTo("a");
    assertThat(attempt(pool, REQUEST, Outcome.SUCCESS)).isEqualTo("a");
    assertThat(pool.stats().toJson()).contains("\"failures\":3").contains("\"ejections\":0");
  }

  @Test
  void aFailedReplicaIsLeftOutForFailTimeoutThenTriedAgain() {
    Pool pool = pool(config());
    assertThat(ids(pool, 2)).containsExactly("a", "b");
    assertThat(attempt(pool, REQUEST, Outcome.CONNECT_FAILURE)).isEqualTo("c");   // max_fails=1: c is out
    assertThat(ids(pool, 4)).containsExactly("b", "a", "b", "a");   // the turn counter runs on over the two left
    clock.advance(Duration.ofSeconds(10));
    assertThat(ids(pool, 3)).containsExactlyInAnyOrder("a", "b", "c");
    ReplicaStats c = pool.stats().replicas().get(2);
    assertThat(c.failures()).isOne();
    assertThat(c.ejections()).isOne();
    assertThat(c.state()).isEqualTo(HealthState.UP);
  }

  @Test
  void withEveryReplicaOutSelectionSaysWhyRatherThanHanging() {
    Pool pool = pool(config());
    for (int i = 0; i < 3; i++) attempt(pool, REQUEST, Outcome.TIMEOUT);
    assertThat(pool.select(REQUEST)).isEqualTo(new Selection.Unavailable("pool static: no eligible replica ("
        + "a ejected for 10s after 1 failed request, b ejected for 10s after 1 failed request, "
        + "c ejected for 10s after 1 failed request)"));
    assertThat(pool.stats().unavailable()).isOne();
  }

  @Test
  void panicModeTriesEveryReplicaWhenNoneIsEligible() {
    Pool pool = pool(config().withHealth(HealthConfig.defaults().withPanic(true)));
    for (int i = 0; i < 3; i++) attempt(pool, REQUEST, Outcome.UNAVAILABLE);
    Selection s = pool.select(REQUEST);
    assertThat(s).isInstanceOfSatisfying(Selection.Chosen.class, c -> assertThat(c.panic()).isTrue());
    assertThat(pool.stats().panics()).isOne();
  }

  @Test
  void activeChecksTakeAReplicaDownAfterFallAndBackAfterRise() {
    Pool pool = pool(config().withHealth(HealthConfig.defaults().withActive(ActiveCheckConfig.http("/health"))));
    Replica b = ABC.get(1);
    assertThat(pool.probed(b, false)).isFalse();
    assertThat(pool.probed(b, false)).isFalse();
    assertThat(pool.probed(b, false)).isTrue();
    assertThat(ids(pool, 4)).containsExactly("a", "c", "a", "c");
    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.DOWN);
    pool.probed(b, true);
    assertThat(pool.probed(b, true)).isTrue();
    assertThat(ids(pool, 3)).contains("b");
    assertThat(pool.stats().replicas().get(1).healthChanges()).isEqualTo(2);
  }

  @Test
  void aReplicaTheProbesBringBackIsNotKeptOutByItsEjectionFromWhileItWasDown() {
    Pool pool = pool(config().withHealth(HealthConfig.defaults().withActive(ActiveCheckConfig.http("/health"))));
    Replica b = ABC.get(1);
    failOnce(pool, "b");   // max_fails=1: b is ejected for 10 s
    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.EJECTED);
    for (int i = 0; i < 3; i++) pool.probed(b, false);
    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.DOWN);
    clock.advance(Duration.ofSeconds(2));   // back within its ejection's 10 s
    pool.probed(b, true);
    assertThat(pool.probed(b, true)).isTrue();

    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.UP);
    assertThat(ids(pool, 3)).contains("b");
  }

  @Test
  void anEjectionStandsWhileTheProbesFindTheReplicaUp() {
    Pool pool = pool(config().withHealth(HealthConfig.defaults().withActive(ActiveCheckConfig.http("/health"))));
    Replica b = ABC.get(1);
    failOnce(pool, "b");
    pool.probed(b, true);   // its health endpoint answers, its requests fail: passive checks keep it out
    pool.probed(b, true);

    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.EJECTED);
    assertThat(ids(pool, 4)).doesNotContain("b");
  }

  @Test
  void aRecoveredReplicaSlowStartsFromATenthOfItsWeight() {
    PoolConfig config = PoolConfig.of("static", List.of(replica("a"), replica("b")), Duration.ofSeconds(5))
        .withAlgorithm(Algorithm.WEIGHTED_ROUND_ROBIN)
        .withHealth(HealthConfig.defaults().withSlowStart(Duration.ofSeconds(10)));
    Pool pool = pool(config);
    while (!attempt(pool, REQUEST, Outcome.CONNECT_FAILURE).equals("a")) { /* until a is ejected */ }
    clock.advance(Duration.ofSeconds(10));   // a is back, at 10% of its weight
    assertThat(pool.stats().replicas().get(0).state()).isEqualTo(HealthState.SLOW_START);
    assertThat(share(pool, "a", 1_100)).isCloseTo(100 / 1_100.0, org.assertj.core.api.Assertions.within(0.01));
    clock.advance(Duration.ofSeconds(10));
    assertThat(share(pool, "a", 1_000)).isEqualTo(0.5);
    assertThat(pool.stats().replicas().get(0).state()).isEqualTo(HealthState.UP);
  }

  private static double share(Pool pool, String id, int n) {
    return ids(pool, n).stream().filter(id::equals).count() / (double) n;
  }

  @Test
  void aRetryGoesToAnotherReplicaWithinTheBudget() {
    Pool pool = pool(config().withRetry(new RetryConfig(1, 0.0, 1)));
    Selection.Chosen first = (Selection.Chosen) pool.select(REQUEST);
    pool.report(first.replica(), Outcome.CONNECT_FAILURE);
    Selection retry = pool.selectAnother(REQUEST, List.of(first.replica()));
    assertThat(retry).isInstanceOfSatisfying(Selection.Chosen.class,
        c -> assertThat(c.replica()).isNotEqualTo(first.replica()));
    pool.report(((Selection.Chosen) retry).replica(), Outcome.SUCCESS);
    assertThat(pool.selectAnother(REQUEST, List.of(first.replica()))).isInstanceOf(Selection.Unavailable.class);
    assertThat(pool.stats().retries()).isOne();
    assertThat(pool.stats().retriesDenied()).isOne();
  }

  @Test
  void aSecondRetryAvoidsEveryReplicaTriedBefore() {
    Pool pool = pool(config().withRetry(new RetryConfig(2, 0.2, 10))
        .withHealth(HealthConfig.defaults().withPassive(PassiveCheckConfig.off())));
    for (int i = 0; i < 10; i++) {
      Selection.Chosen s = (Selection.Chosen) pool.selectAnother(REQUEST, List.of(ABC.get(0), ABC.get(2)));
      pool.report(s.replica(), Outcome.SUCCESS);
      assertThat(s.replica()).isEqualTo(ABC.get(1));
    }
  }

  @Test
  void aRetryWithNoOtherReplicaLeftSpendsNoBudget() {
    Pool pool = pool(PoolConfig.of("solo", List.of(replica("a")), Duration.ofSeconds(5))
        .withRetry(new RetryConfig(1, 0.0, 1)));
    Selection.Chosen first = (Selection.Chosen) pool.select(REQUEST);
    pool.report(first.replica(), Outcome.UNAVAILABLE);
    assertThat(pool.selectAnother(REQUEST, List.of(first.replica())))
        .isEqualTo(new Selection.Unavailable("pool solo: no eligible replica left to retry after a"));
    assertThat(pool.stats().retries()).isZero();
    assertThat(pool.stats().retriesDenied()).isZero();
  }

  @Test
  void inFlightRequestsAreCountedUntilReportedAndSteerLeastConnections() {
    Pool pool = pool(config().withAlgorithm(Algorithm.LEAST_CONNECTIONS));
    Selection.Chosen first = (Selection.Chosen) pool.select(REQUEST);
    Selection.Chosen second = (Selection.Chosen) pool.select(REQUEST);
    Selection.Chosen third = (Selection.Chosen) pool.select(REQUEST);
    assertThat(List.of(first.replica(), second.replica(), third.replica())).doesNotHaveDuplicates();
    pool.report(second.replica(), Outcome.SUCCESS);
    assertThat(((Selection.Chosen) pool.select(REQUEST)).replica()).isEqualTo(second.replica());
    assertThat(pool.stats().replicas()).extracting(ReplicaStats::active).containsExactly(1, 1, 1);
    assertThat(pool.stats().replicas()).extracting(ReplicaStats::requests).containsExactlyInAnyOrder(1L, 1L, 2L);
  }

  @Test
  void aRouteCookiePinsTheClientWhileItsReplicaIsHealthyAndRepinsWhenItIsNot() {
    Pool pool = pool(config().withAffinity(AffinityConfig.cookie("route", "s3cret")));
    Selection.Chosen first = (Selection.Chosen) pool.select(REQUEST);
    pool.report(first.replica(), Outcome.SUCCESS);
    String setCookie = first.setCookie().orElseThrow();
    assertThat(setCookie).startsWith("route=").contains("; HttpOnly");
    String token = setCookie.substring("route=".length(), setCookie.indexOf(';'));
    assertThat(token).as("opaque: 128 bits of HMAC, base64url").matches("[A-Za-z0-9_-]{22}")
        .doesNotContain(first.replica().base().getHost());
    RequestInfo withCookie = new RequestInfo("/other", REQUEST.client(), "theme=dark; " + setCookie.split(";")[0]);
    for (int i = 0; i < 5; i++) {
      Selection.Chosen again = (Selection.Chosen) pool.select(withCookie);
      pool.report(again.replica(), Outcome.SUCCESS);
      assertThat(again.replica()).isEqualTo(first.replica());
      assertThat(again.setCookie()).as("already pinned: no new cookie").isEmpty();
    }
    Selection.Chosen failing = (Selection.Chosen) pool.select(withCookie);
    pool.report(failing.replica(), Outcome.CONNECT_FAILURE);
    Selection.Chosen repinned = (Selection.Chosen) pool.select(withCookie);
    assertThat(repinned.replica()).isNotEqualTo(first.replica());
    assertThat(repinned.setCookie()).hasValueSatisfying(c -> assertThat(c).isNotEqualTo(setCookie));
  }

  @Test
  void aForgedOrForeignCookieIsIgnored() {
    Pool pool = pool(config().withAffinity(AffinityConfig.cookie("route", "s3cret")));
    Pool other = pool(config().withAffinity(AffinityConfig.cookie("route", "another secret")));
    String foreign = ((Selection.Chosen) other.select(REQUEST)).setCookie().orElseThrow().split(";")[0];
    Selection.Chosen s = (Selection.Chosen) pool.select(new RequestInfo("/", REQUEST.client(), foreign));
    assertThat(s.setCookie()).as("not pinned by the foreign token: pinned anew").isPresent();
    assertThat(s.setCookie().orElseThrow()).isNotEqualTo(foreign);
  }

  @Test
  void sourceIpAffinityKeepsAClientOnItsReplicaUntilItIsIdleTooLong() throws UnknownHostException {
    Pool pool = pool(config().withAffinity(AffinityConfig.sourceIp(Duration.ofMinutes(5))));
    Map<String, String> firstChoice = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      for (int host = 1; host <= 4; host++) {
        RequestInfo r = RequestInfo.of("/x", InetAddress.getByName("127.101.0." + host));
        String id = attempt(pool, r, Outcome.SUCCESS);
        assertThat(firstChoice.computeIfAbsent("127.101.0." + host, k -> id)).isEqualTo(id);
      }
    }
    assertThat(firstChoice).containsValues("a", "b", "c");
    clock.advance(Duration.ofMinutes(6));
    RequestInfo r = RequestInfo.of("/x", InetAddress.getByName("127.101.0.1"));
    // Forgotten: the round-robin turn decides now (turn 13 of a, b, c is b), not the old pin (a).
    assertThat(attempt(pool, r, Outcome.SUCCESS)).isEqualTo("b");
  }

  @Test
  void statsRenderAsJson() {
    Pool pool = pool(config());
    attempt(pool, REQUEST, Outcome.SUCCESS);
    assertThat(pool.stats().toJson()).startsWith("{\"name\":\"static\",\"algorithm\":\"round-robin\"")
        .contains("{\"id\":\"a\",\"base\":\"http://a.test:8081\",\"weight\":1,\"state\":\"UP\",\"active\":0,"
            + "\"requests\":1,\"failures\":0,\"healthChanges\":0,\"ejections\":0}");
  }
}
