package dev.cdnsim.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OriginMetricsIntegrationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private OriginServer origin;

  @BeforeEach
  void start() {
    origin = new OriginServer(new OriginConfig("us-east-1", new InetSocketAddress("127.0.0.1", 0),
        CatalogConfig.defaults()), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC)).start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + path));
    if (headers.length > 0) request.headers(headers);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void exposesTypedCountersInThePrometheusTextFormat() throws Exception {
    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(scrape.body())
        .contains("# TYPE cdnsim_origin_requests_total counter\n")
        .contains("# TYPE cdnsim_origin_response_bytes_total counter\n")
        .contains("# HELP cdnsim_origin_response_bytes_total Body bytes sent for object requests.\n")
        .contains("cdnsim_origin_info{replica=\"us-east-1\"} 1\n")
        .contains("cdnsim_origin_requests_total 0.0\n")
        .contains("cdnsim_origin_response_bytes_total 0.0\n");
  }

  @Test
  void valuesFollowTheReplicasOwnCounters() throws Exception {
    get("/objects/1");
    get("/objects/2");
    long bytes = origin.bytesServed();
    assertThat(bytes).isPositive();
    assertThat(get("/metrics").body())
        .contains("cdnsim_origin_requests_total 2.0\n")
        .contains("cdnsim_origin_response_bytes_total " + (double) bytes + "\n");
  }

  @Test
  void refusesOtherMethods() throws Exception {
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void speaksOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> scrape = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(scrape.body())
        .contains("# TYPE cdnsim_origin_requests counter\n")
        .contains("# UNIT cdnsim_origin_response_bytes bytes\n")
        .endsWith("# EOF\n");
  }
}
