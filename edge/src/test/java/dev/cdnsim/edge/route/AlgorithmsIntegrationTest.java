package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern ORIGIN_ID = Pattern.compile("\"id\":\"([a-z]+)\"");
  private final List<OriginServer> origins = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origins.forEach(OriginServer::close);
    http.close();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void spreadsOrPinsAsItShouldAndSurvivesAStoppedReplica(Algorithm algorithm) throws Exception {
    List<Replica> replicas = new ArrayList<>();
    for (String id : List.of("one", "two", "three")) {
      OriginServer o = new OriginServer(new OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
          CatalogConfig.defaults()), Clock.systemUTC()).start();
      origins.add(o);
      replicas.add(Replica.of(id, "http://127.0.0.1:" + o.port(), 1));
    }
    Duration timeout = Duration.ofSeconds(5);
    BalancerConfig balancer = new BalancerConfig(List.of(PoolConfig.of("origin", replicas, timeout).withAlgorithm(algorithm)),
        List.of(RouteConfig.cache("/", "origin"), RouteConfig.pass("/_origin/", "origin")));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        replicas.stream().map(Replica::base).toList(), 8 << 20, timeout).withBalancer(balancer), Clock.systemUTC()).start();

    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 30; i++) answeredBy.add(originOf(get("/_origin/stats")));
    boolean hashing = algorithm == Algorithm.CONSISTENT_HASH || algorithm == Algorithm.IP_HASH;
    if (hashing) {
      assertThat(answeredBy).as("one key from one client").hasSize(1);
    } else {
      assertThat(answeredBy).as("30 requests spread").hasSizeGreaterThan(1);
    }

    origins.get(0).close();
    for (int i = 0; i < 30; i++) {
      assertThat(get("/objects/" + (i + 1)).statusCode()).as("GET /objects/%d", i + 1).isEqualTo(200);
      assertThat(originOf(get("/_origin/stats"))).isNotEqualTo("one");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String originOf(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = ORIGIN_ID.matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
