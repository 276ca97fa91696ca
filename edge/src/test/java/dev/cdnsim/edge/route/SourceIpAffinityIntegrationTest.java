package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.PoolConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Source-IP affinity through a real edge: clients bound to different loopback addresses (as the
 * simulated users of a region are) each stay on the replica their first request went to, although the
 * pool is round-robin.
 */
class SourceIpAffinityIntegrationTest {
  private final OriginReplicas origins = new OriginReplicas("one", "two", "three");
  private final List<HttpClient> clients = new ArrayList<>();
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origins.close();
    clients.forEach(HttpClient::close);
  }

  @Test
  void eachClientAddressStaysOnItsFirstReplica() throws Exception {
    PoolConfig pool = PoolConfig.of("api", origins.replicas(), Duration.ofSeconds(5))
        .withAffinity(AffinityConfig.sourceIp(Duration.ofMinutes(5)));
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0),
        origins.uris(), 8 << 20, Duration.ofSeconds(5))
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
    return OriginReplicas.servedBy(r);
  }
}
