package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An edge in front of three real origin replicas with two pools: "/" cached from "static" (round-robin,
 * nginx passive checks), "/_origin/" passed to "api" (least connections, cookie affinity). The origin's
 * {@code /_origin/stats} names the replica that answered.
 */
class BalancingIntegrationTest {
  private final OriginReplicas origins = new OriginReplicas("one", "two", "three");
  private final HttpClient http = HttpClient.newHttpClient();
  private EdgeServer edge;

  @BeforeEach
  void start() {
    List<Replica> replicas = origins.replicas();
    Duration timeout = Duration.ofSeconds(5);
    BalancerConfig balancer = new BalancerConfig(
        List.of(PoolConfig.of("static", replicas, timeout),
            PoolConfig.of("api", replicas, timeout).withAlgorithm(Algorithm.LEAST_CONNECTIONS)
                .withAffinity(AffinityConfig.cookie("cdnsim_route", "test secret"))),
        List.of(RouteConfig.cache("/", "static"), RouteConfig.pass("/_origin/", "api")));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0), origins.uris(), 8 << 20, timeout)
        .withBalancer(balancer), Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origins.close();
    http.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStoppedReplicaFailsNoCacheableRequest() throws Exception {
    origins.stop("two");
    for (int i = 1; i <= 30; i++) {
      assertThat(get("/objects/" + i).statusCode()).as("GET /objects/%d", i).isEqualTo(200);
    }
    String stats = get("/_edge/stats").body();
    assertThat(stats).contains("\"pools\":[{\"name\":\"static\",\"algorithm\":\"round-robin\"")
        .containsPattern("\"id\":\"two\",[^}]*\"state\":\"EJECTED\",[^}]*\"failures\":1,[^}]*\"ejections\":1");
  }

  @Test
  void aPassRouteSetsAnOpaqueRouteCookieAndKeepsTheClientOnItsReplica() throws Exception {
    HttpResponse<String> first = get("/_origin/stats");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("PASS");
    String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("cdnsim_route=").contains("HttpOnly").doesNotContain("127.0.0.1");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String pinned = OriginReplicas.servedBy(first);
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> again = get("/_origin/stats", "Cookie", cookie);
      assertThat(OriginReplicas.servedBy(again)).isEqualTo(pinned);
      assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }
    origins.stop(pinned);
    HttpResponse<String> moved = get("/_origin/stats", "Cookie", cookie);
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(OriginReplicas.servedBy(moved)).isNotEqualTo(pinned);
    assertThat(moved.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotStartWith(cookie));
  }

  @Test
  void withEveryReplicaDownTheEdgeAnswers502WithTheReason() throws Exception {
    origins.close();
    List<String> bodies = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> r = get("/objects/" + i);
      assertThat(r.statusCode()).isEqualTo(502);
      bodies.add(r.body());
    }
    assertThat(bodies.get(0)).startsWith("502 origin unreachable: origin ").contains("refused the connection");
    assertThat(bodies.get(2)).isEqualTo("502 origin unreachable: pool static: no eligible replica ("
        + "one ejected for 10s after 1 failed request, two ejected for 10s after 1 failed request, "
        + "three ejected for 10s after 1 failed request)\n");
  }
}
