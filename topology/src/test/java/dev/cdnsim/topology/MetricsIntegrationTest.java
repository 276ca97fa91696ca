package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.run.Node;
import dev.cdnsim.topology.run.Topology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Every node of a running topology answers a Prometheus scrape, and a geo-DNS restart keeps its HTTP port. */
class MetricsIntegrationTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Topology topology;

  @BeforeEach
  void start() {
    topology = Topology.start(new TopologyLoader().loadDefault().withEphemeralPorts(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    topology.close();
    http.close();
  }

  private String scrape(InetSocketAddress node, String path) throws Exception {
    URI uri = URI.create("http://" + node.getAddress().getHostAddress() + ":" + node.getPort() + path);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
    if (path.endsWith("metrics")) {
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }
    return r.body();
  }

  @Test
  void everyNodeServesItsMetrics() throws Exception {
    SimpleResolver resolver = new SimpleResolver(topology.dnsAddress());
    resolver.setLocalAddress(new InetSocketAddress("127.101.0.1", 0));
    resolver.setTimeout(Duration.ofSeconds(5));
    resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www.cdn.test."), Type.A, DClass.IN)));
    InetSocketAddress seoul = topology.edgeAt(InetAddress.getByName("127.0.1.1")).orElseThrow();
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.1.1:" + seoul.getPort() + "/objects/1")).build(),
        HttpResponse.BodyHandlers.discarding());

    assertThat(scrape(topology.dnsHttpAddress(), "/metrics"))
        .contains("cdnsim_dns_queries_total{type=\"A\"} 1.0\n")
        .contains("cdnsim_dns_edge_answers_total{edge=\"seoul\"} 1.0\n")
        .contains("cdnsim_dns_edge_up{edge=\"seoul\"} ");
    assertThat(scrape(seoul, "/_edge/metrics"))
        .contains("cdnsim_edge_info{edge=\"seoul\"} 1\n")
        .contains("cdnsim_edge_origin_requests_total 1.0\n")
        .contains("# TYPE cdnsim_edge_upstream_requests_total counter\n");
    List<Node> origins = topology.nodes().stream().filter(n -> n.kind() == Node.Kind.ORIGIN).toList();
    assertThat(origins).isNotEmpty();
    double served = 0;
    for (Node origin : origins) {
      String body = scrape(origin.address(), "/metrics");
      assertThat(body).contains("cdnsim_origin_info{replica=\"" + origin.id() + "\"} 1\n");
      served += value(body, "cdnsim_origin_requests_total");
    }
    assertThat(served).isEqualTo(1.0);
  }

  @Test
  void theGeoDnsKeepsItsHttpPortAcrossARestart() throws Exception {
    InetSocketAddress before = topology.dnsHttpAddress();
    Node dns = topology.node("geo-dns");
    dns.stop();
    dns.start();
    assertThat(topology.dnsHttpAddress()).isEqualTo(before);
    assertThat(scrape(before, "/stats")).startsWith("{\"queries\":0,");
  }

  private static double value(String exposition, String series) {
    return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1))).orElseThrow();
  }
}
