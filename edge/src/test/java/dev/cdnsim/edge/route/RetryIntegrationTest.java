package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.Http;
import dev.cdnsim.edge.ScriptedOrigin;
import dev.cdnsim.edge.balance.HealthConfig;
import dev.cdnsim.edge.balance.PassiveCheckConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which failures are retried on another replica: a 503 to a GET is, a 503 to a POST is not. */
class RetryIntegrationTest {
  private final ScriptedOrigin unavailable = new ScriptedOrigin(Clock.systemUTC());
  private final ScriptedOrigin healthy = new ScriptedOrigin(Clock.systemUTC());
  private EdgeServer edge;
  private Http http;

  @BeforeEach
  void start() {
    unavailable.start().always(ScriptedOrigin.Reply.status(503));
    healthy.start().always(ScriptedOrigin.Reply.ok("fine").header("Cache-Control", "no-store"));
    List<Replica> replicas = List.of(new Replica("unavailable", unavailable.uri(), 1), new Replica("healthy", healthy.uri(), 1));
    // Passive checks off, so the failing replica keeps its round-robin turns and every request meets it first.
    PoolConfig pool = PoolConfig.of("origin", replicas, Duration.ofSeconds(5))
        .withHealth(HealthConfig.defaults().withPassive(PassiveCheckConfig.off()));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        List.of(unavailable.uri(), healthy.uri()), 8 << 20, Duration.ofSeconds(5))
        .withBalancer(new BalancerConfig(List.of(pool), List.of(RouteConfig.cache("/", "origin")))), Clock.systemUTC())
        .start();
    http = new Http(edge.port());
  }

  @AfterEach
  void stop() {
    edge.close();
    unavailable.close();
    healthy.close();
  }

  @Test
  void a503ToAnIdempotentRequestIsRetriedOnAnotherReplicaButNotToAPost() throws Exception {
    HttpResponse<String> get = http.get("/x");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("fine");
    assertThat(unavailable.requestCount()).isOne();
    assertThat(healthy.requestCount()).isOne();

    HttpResponse<String> post = http.send("POST", "/x");   // round-robin: the unavailable replica's turn
    assertThat(post.statusCode()).isEqualTo(503);
    assertThat(unavailable.requestCount()).isEqualTo(2);
    assertThat(healthy.requestCount()).isOne();
  }
}
