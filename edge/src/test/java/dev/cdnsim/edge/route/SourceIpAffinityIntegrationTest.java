package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.net.InetAddress;
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
import org.junit.jupiter.api.Test;

/**
 * Source-IP affinity through a real edge: clients bound to different loopback addresses (as the
 * simulated users of a region are) each stay on the replica their first request went to, although the
 * pool is round-robin.
 */
class SourceIpAffinityIntegrationTest {
  private static final Pattern ORIGIN_ID = Pattern.compile("\"id\":\"([a-z]+)\"");
  private final List<OriginServer> origins = new ArrayList<>();
  private final List<HttpClient> clients = new ArrayList<>();
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origins.forEach(OriginServer::close);
    clients.forEach(HttpClient::close);
  }

  @Test
  void eachClientAddressStaysOnItsFirstReplica() throws Exception {
    List<Replica> replicas = new ArrayList<>();
    for (String id : List.of("one", "two", "three")) {
      OriginServer o = new OriginServer(new OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
          CatalogConfig.defaults()), Clock.systemUTC()).start();
      origins.add(o);
      replicas.add(Replica.of(id, "http://127.0.0.1:" + o.port(), 1));
    }
    PoolConfig pool = PoolConfig.of("api", replicas, Duration.ofSeconds(5))
        .withAffinity(AffinityConfig.sourceIp(Duration.ofMinutes(5)));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        replicas.stream().map(Replica::base).toList(), 8 << 20, Duration.ofSeconds(5))
        .withBalancer(new BalancerConfig(List.of(pool), List.of(RouteConfig.pass("/", "api")))), Clock.systemUTC()).start();

    Set<String> firstChoices = new HashSet<>();
    for (int host = 1; host <= 3; host++) {
      HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.101.0." + host)).build();
      clients.add(client);
      Set<String> answeredBy = new HashSet<>();
      for (int i = 0; i < 5; i++) answeredBy.add(originOf(client));
      assertThat(answeredBy).as("client 127.101.0.%d", host).hasSize(1);
      firstChoices.addAll(answeredBy);
    }
    assertThat(firstChoices).as("round-robin made the first choices").hasSize(3);
  }

  private String originOf(HttpClient client) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port()
        + "/_origin/stats")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Matcher m = ORIGIN_ID.matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
