package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cache fills carry the Host a client asked for (or the pool's), as passed requests do, so that an origin
 * serving several sites by name fills each from the right one. (The surefire JVM, like cdnsim's Main, allows
 * java.net.http to send Host.)
 */
class FillHostIntegrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private final ScriptedOrigin origin = new ScriptedOrigin(clock).start();
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origin.close();
  }

  private void start(PoolConfig pool) {
    BalancerConfig balancer = new BalancerConfig(List.of(pool), List.of(RouteConfig.cache("/", pool.name())));
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(origin.uri()), 8 << 20,
        Duration.ofSeconds(5)).withBalancer(balancer), clock).start();
    origin.always(Reply.ok("page").header("Cache-Control", "max-age=60"));
  }

  private PoolConfig pool() {
    return PoolConfig.of("web", List.of(Replica.of("a", origin.uri().toString(), 1)), Duration.ofSeconds(5));
  }

  private String fillHostFor(String clientHost) throws Exception {
    String response = RawHttp.exchange(edge.port(), null,
        "GET /page HTTP/1.1\r\nHost: " + clientHost + "\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").contains("X-Cache: MISS");
    return origin.takeRequest().header("Host");
  }

  @Test
  void aFillCarriesTheClientsHost() throws Exception {
    start(pool());

    assertThat(fillHostFor("shop.example")).isEqualTo("shop.example");
  }

  @Test
  void aPoolsHostReplacesTheClientsOnFillsToo() throws Exception {
    start(pool().withHost("origin.internal:8080"));

    assertThat(fillHostFor("shop.example")).isEqualTo("origin.internal:8080");
  }
}
