package dev.cdnsim.edge.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.fetch.HttpProbe;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Active checks against real origin replicas on loopback: a stopped replica goes down, a restarted one comes back. */
class HealthCheckerIntegrationTest {
  private final List<OriginServer> origins = new ArrayList<>();
  private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
  private HealthChecker checker;

  private OriginServer origin(String id) {
    OriginServer o = new OriginServer(new OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
        CatalogConfig.defaults()), Clock.systemUTC()).start();
    origins.add(o);
    return o;
  }

  @BeforeEach
  void startOrigins() {
    origin("one");
    origin("two");
  }

  @AfterEach
  void stop() {
    if (checker != null) checker.close();
    origins.forEach(OriginServer::close);
  }

  @ParameterizedTest
  @EnumSource(ActiveCheckConfig.Kind.class)
  void aStoppedReplicaIsMarkedDownAndComesBackAfterItRestarts(ActiveCheckConfig.Kind kind) throws Exception {
    List<Replica> replicas = List.of(
        Replica.of("one", "http://127.0.0.1:" + origins.get(0).port(), 1),
        Replica.of("two", "http://127.0.0.1:" + origins.get(1).port(), 1));
    ActiveCheckConfig check = new ActiveCheckConfig(kind, "/health", 200, Duration.ofMillis(20),
        Duration.ofSeconds(1), 2, 2);
    Pool pool = Pool.create(PoolConfig.of("static", replicas, Duration.ofSeconds(1))
        .withHealth(HealthConfig.defaults().withActive(check)), Clock.systemUTC(), new SplittableRandom(1));
    checker = HealthChecker.start(pool, new HttpProbe(), "t",
        (replica, up) -> changes.add(replica.id() + (up ? " up" : " down")));

    origins.get(1).close();
    assertThat(changes.poll(10, SECONDS)).isEqualTo("two down");
    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.DOWN);
    RequestInfo request = RequestInfo.of("/objects/1", InetAddress.getLoopbackAddress());
    for (int i = 0; i < 4; i++) {
      Selection.Chosen chosen = (Selection.Chosen) pool.select(request);
      pool.report(chosen.replica(), Outcome.SUCCESS);
      assertThat(chosen.replica().id()).isEqualTo("one");
    }

    origins.get(1).start();
    assertThat(changes.poll(10, SECONDS)).isEqualTo("two up");
    assertThat(pool.stats().replicas().get(1).state()).isEqualTo(HealthState.UP);
    assertThat(changes).isEmpty();
  }
}
