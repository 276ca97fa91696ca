package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every algorithm end to end: an edge in front of three real origin replicas, with {@code /_origin/}
 * passed to the pool so that each answer names its replica. Spreading algorithms use more than one
 * replica; hashing ones keep one key (or one client) on one replica; none fails a request when a
 * replica stops.
 */
class AlgorithmsIntegrationTest {
  private final OriginReplicas origins = new OriginReplicas("one", "two", "three");
  private final HttpClient http = HttpClient.newHttpClient();
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origins.close();
    http.close();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void spreadsOrPinsAsItShouldAndSurvivesAStoppedReplica(Algorithm algorithm) throws Exception {
    List<Replica> replicas = origins.replicas();
    Duration timeout = Duration.ofSeconds(5);
    BalancerConfig balancer = new BalancerConfig(List.of(PoolConfig.of("origin", replicas, timeout).withAlgorithm(algorithm)),
        List.of(RouteConfig.cache("/", "origin"), RouteConfig.pass("/_origin/", "origin")));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        origins.uris(), 8 << 20, timeout).withBalancer(balancer), Clock.systemUTC()).start();

    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 30; i++) answeredBy.add(OriginReplicas.servedBy(get("/_origin/stats")));
    boolean hashing = algorithm == Algorithm.CONSISTENT_HASH || algorithm == Algorithm.IP_HASH;
    if (hashing) {
      assertThat(answeredBy).as("one key from one client").hasSize(1);
    } else {
      assertThat(answeredBy).as("30 requests spread").hasSizeGreaterThan(1);
    }

    origins.stop("one");
    for (int i = 0; i < 30; i++) {
      assertThat(get("/objects/" + (i + 1)).statusCode()).as("GET /objects/%d", i + 1).isEqualTo(200);
      assertThat(OriginReplicas.servedBy(get("/_origin/stats"))).isNotEqualTo("one");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
