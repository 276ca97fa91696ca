package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** {@code /metrics} and {@code /stats} on the geo-DNS server's optional HTTP listener. */
class DnsMetricsIntegrationTest {
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(ip("127.0.0.1"), 0);
  private final HttpClient client = HttpClient.newHttpClient();
  private GeoDnsServer dns;
  private HttpServer edgeHealth;

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
    if (edgeHealth != null) {
      edgeHealth.stop(0);
    }
  }

  private GeoDnsServer start(GeoDnsConfig config) throws IOException {
    dns = new GeoDnsServer(config.withOptions(config.options().withHttp(ANY_PORT)),
        Clock.systemUTC()).start();
    return dns;
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + dns.httpPort().orElseThrow() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int rcode(String name, int type) throws IOException {
    return RawDns.udpMessage(dns.port(), "127.101.0.1", query(name, type)).getRcode();
  }

  @Test
  void countsQueriesByTypeAndRcodeAndAnswersByEdge() throws Exception {
    start(DefaultTopology.config());
    assertThat(rcode("www.cdn.test.", Type.A)).isEqualTo(Rcode.NOERROR);
    assertThat(rcode("www.cdn.test.", Type.A)).isEqualTo(Rcode.NOERROR);
    assertThat(rcode("nope.cdn.test.", Type.AAAA)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(rcode("example.org.", Type.A)).isEqualTo(Rcode.REFUSED);

    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(scrape.body())
        .contains("cdnsim_dns_info{zone=\"cdn.test.\"} 1\n")
        .contains("# TYPE cdnsim_dns_queries_total counter\n")
        .contains("cdnsim_dns_queries_total{type=\"A\"} 3.0\n")
        .contains("cdnsim_dns_queries_total{type=\"AAAA\"} 1.0\n")
        .contains("# TYPE cdnsim_dns_responses_total counter\n")
        .contains("cdnsim_dns_responses_total{rcode=\"NOERROR\"} 2.0\n")
        .contains("cdnsim_dns_responses_total{rcode=\"NXDOMAIN\"} 1.0\n")
        .contains("cdnsim_dns_responses_total{rcode=\"REFUSED\"} 1.0\n")
        .contains("cdnsim_dns_geo_answers_total{location=\"seoul\"} 2.0\n")
        .contains("cdnsim_dns_edge_answers_total{edge=\"seoul\"} 2.0\n")
        .contains("cdnsim_dns_fail_open_answers_total 0.0\n")
        .contains("cdnsim_dns_dropped_packets_total 0.0\n")
        .contains("cdnsim_dns_truncated_responses_total 0.0\n")
        .contains("cdnsim_dns_tcp_connections_total{result=\"accepted\"} 0.0\n")
        .contains("# TYPE cdnsim_dns_edge_up gauge\n")
        .contains("cdnsim_dns_edge_up{edge=\"london\"} 1.0\n")
        .contains("cdnsim_dns_edge_over_capacity{edge=\"seoul\"} 0.0\n");
    assertThat(get("/stats").body())
        .startsWith("{\"queries\":4,")
        .contains("\"byRcode\":{\"NOERROR\":2,\"NXDOMAIN\":1,\"REFUSED\":1}")
        .contains("\"answersByEdge\":{\"seoul\":2}");
  }

  @Test
  void showsEdgeHealthAndFailOpenAnswers() throws Exception {
    edgeHealth = HttpServer.create(ANY_PORT, 0);
    edgeHealth.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    edgeHealth.start();
    URI down = URI.create("http://127.0.0.1:" + edgeHealth.getAddress().getPort() + "/health");
    start(DefaultTopology.config(down, down, down));

    // Probes run in the background every 50 ms: poll the scrape until all three edges are out.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String body = get("/metrics").body();
    while (!body.contains("cdnsim_dns_edge_up{edge=\"london\"} 0.0\n")
        || !body.contains("cdnsim_dns_edge_up{edge=\"seoul\"} 0.0\n")
        || !body.contains("cdnsim_dns_edge_up{edge=\"sao-paulo\"} 0.0\n")) {
      assertThat(System.nanoTime()).as("every edge down within 5 s").isLessThan(deadline);
      body = get("/metrics").body();
    }
    assertThat(rcode("www.cdn.test.", Type.A)).isEqualTo(Rcode.NOERROR);
    assertThat(get("/metrics").body()).contains("cdnsim_dns_fail_open_answers_total 1.0\n");
  }

  @Test
  void speaksOpenMetricsWhenAskedAndRefusesOtherRoutesAndMethods() throws Exception {
    start(DefaultTopology.config());
    assertThat(rcode("www.cdn.test.", Type.A)).isEqualTo(Rcode.NOERROR);
    HttpResponse<String> open = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(open.body()).contains("# TYPE cdnsim_dns_queries counter\n").endsWith("# EOF\n");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + dns.httpPort().orElseThrow() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void hasNoHttpListenerUnlessAskedAndNamesAnAddressItCannotBind() throws Exception {
    dns = new GeoDnsServer(DefaultTopology.config(), Clock.systemUTC()).start();
    assertThat(dns.httpPort()).isEmpty();
    dns.close();
    try (ServerSocket taken = new ServerSocket(0, 1, ip("127.0.0.1"))) {
      GeoDnsConfig config = DefaultTopology.config();
      GeoDnsServer clash = new GeoDnsServer(config.withOptions(config.options().withHttp(
          new InetSocketAddress(ip("127.0.0.1"), taken.getLocalPort()))), Clock.systemUTC());
      assertThatThrownBy(clash::start).isInstanceOf(IOException.class)
          .hasMessageContaining("geo-dns cannot bind HTTP 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
