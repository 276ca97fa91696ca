package dev.cdnsim.edge.route;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.Http;
import dev.cdnsim.edge.balance.HealthConfig;
import dev.cdnsim.edge.balance.PassiveCheckConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.TimeoutConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A passed answer with a declared body is committed with the body's first bytes, so a replica that fails between
 * its head and its body has sent the client nothing: it is treated like one that failed before its head. A GET goes
 * to another replica, a POST gets a 502 saying what happened, a replica silent after its head gets a 504.
 */
class BodyAfterHeadIntegrationTest {
  private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nCache-Control: no-store\r\n\r\n";
  private final AtomicInteger brokenRequests = new AtomicInteger();
  private final AtomicInteger healthyRequests = new AtomicInteger();
  private final CountDownLatch testOver = new CountDownLatch(1);
  private RawReplica broken;
  private RawReplica healthy;
  private EdgeServer edge;

  @AfterEach
  void stop() throws IOException {
    testOver.countDown();
    if (edge != null) edge.close();
    if (broken != null) broken.close();
    if (healthy != null) healthy.close();
  }

  @Test
  void aReplicaClosingAfterItsHeadHasAGetRetriedElsewhereAndAPostAnswered502() throws Exception {
    broken = new RawReplica(s -> {
      brokenRequests.incrementAndGet();
      s.getOutputStream().write(HEAD.getBytes(US_ASCII));   // and closes: no body
    });
    healthy = new RawReplica(s -> {
      healthyRequests.incrementAndGet();
      s.getOutputStream().write((HEAD + "fine").getBytes(US_ASCII));
    });
    List<Replica> replicas = List.of(Replica.of("broken", broken.url(), 1), Replica.of("healthy", healthy.url(), 1));
    // Passive checks off, so the broken replica keeps its round-robin turns.
    PoolConfig pool = PoolConfig.of("origin", replicas, Duration.ofSeconds(5))
        .withHealth(HealthConfig.defaults().withPassive(PassiveCheckConfig.off()));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        List.of(replicas.get(0).base(), replicas.get(1).base()), 8 << 20, Duration.ofSeconds(5))
        .withBalancer(new BalancerConfig(List.of(pool), List.of(RouteConfig.pass("/", "origin")))), Clock.systemUTC())
        .start();
    Http http = new Http(edge.port());

    HttpResponse<String> get = http.get("/x");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("fine");
    assertThat(brokenRequests).hasValue(1);
    assertThat(healthyRequests).hasValue(1);

    HttpResponse<String> post = http.send("POST", "/x");   // round-robin: the broken replica's turn
    assertThat(post.statusCode()).isEqualTo(502);
    assertThat(post.body())
        .startsWith("502 origin failed: origin broken closed its connection after its answer's head, before its body");
    assertThat(brokenRequests).hasValue(2);
    assertThat(healthyRequests).hasValue(1);
  }

  @Test
  void aReplicaSilentAfterItsHeadGets504() throws Exception {
    broken = new RawReplica(s -> {
      s.getOutputStream().write(HEAD.getBytes(US_ASCII));
      testOver.await();
    });
    edge = broken.edge("silent", new TimeoutConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300)));

    HttpResponse<String> r = new Http(edge.port()).get("/api/x");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("origin sent its answer's head but no body within 300 ms");
  }
}
