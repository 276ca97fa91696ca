package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /_edge/metrics}: Prometheus names, labels and types, and values that follow the edge's own counters. */
class EdgeMetricsIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withAdminToken("s3cret"));

  @AfterEach
  void stop() {
    t.close();
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = t.http.get("/_edge/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void exposesEveryFamilyWithItsType() throws Exception {
    HttpResponse<String> r = t.http.get("/_edge/metrics");
    assertThat(header(r, "Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
    assertThat(r.body())
        .contains("cdnsim_edge_info{edge=\"t\"} 1\n")
        .contains("# TYPE cdnsim_edge_requests_total counter\n")
        .contains("cdnsim_edge_requests_total{cache=\"hit\"} 0.0\n")
        .contains("cdnsim_edge_requests_total{cache=\"revalidated\"} 0.0\n")
        .contains("# TYPE cdnsim_edge_response_bytes_total counter\n")
        .contains("# TYPE cdnsim_edge_origin_requests_total counter\n")
        .contains("# TYPE cdnsim_edge_origin_response_bytes_total counter\n")
        .contains("# TYPE cdnsim_edge_requests_in_flight gauge\n")
        .contains("# TYPE cdnsim_edge_cache_size_bytes gauge\n")
        .contains("# TYPE cdnsim_edge_cache_entries gauge\n")
        .contains("# TYPE cdnsim_edge_pool_retries_total counter\n")
        .contains("# TYPE cdnsim_edge_upstream_requests_total counter\n")
        .contains("# TYPE cdnsim_edge_upstream_active_requests gauge\n")
        .contains("cdnsim_edge_upstream_up{pool=\"origin\",replica=\"" + t.origin.uri().getRawAuthority() + "\"} 1.0\n")
        .contains("cdnsim_edge_upstream_state{pool=\"origin\",replica=\"" + t.origin.uri().getRawAuthority()
            + "\",state=\"up\"} 1.0\n");
  }

  @Test
  void fieldsThatStoredResponsesHaveAlikeAreSharedAndCounted() throws Exception {
    t.origin.always(Reply.ok("hello").header("Cache-Control", "max-age=60"));
    assertThat(scrape()).contains("cdnsim_edge_cache_shared_fields 0.0\n");
    for (String path : List.of("/a", "/b", "/c")) assertThat(header(t.http.get(path), "X-Cache")).isEqualTo("MISS");

    // Cache-Control came with two URLs: kept once since, with whatever else the replica sends alike (not Date).
    assertThat(scrape()).containsPattern("cdnsim_edge_cache_shared_fields [1-9]\\.0\n");
    assertThat(t.http.get("/_edge/stats").body()).containsPattern("\"cacheSharedFields\":[1-9],");
    assertThat(header(t.http.get("/c"), "Cache-Control")).isEqualTo("max-age=60");
  }

  @Test
  void aMissThenAHitMoveTheCounters() throws Exception {
    t.origin.always(Reply.ok("hello").header("Cache-Control", "max-age=60"));
    assertThat(header(t.http.get("/a"), "X-Cache")).isEqualTo("MISS");
    assertThat(header(t.http.get("/a"), "X-Cache")).isEqualTo("HIT");
    // Requests are counted when the exchange completes, just after the client has its answer.
    EdgeUnderTest.await("both exchanges counted", () -> t.edge.stats().requests() == 2);

    String replica = t.origin.uri().getRawAuthority();
    assertThat(scrape())
        .contains("cdnsim_edge_requests_total{cache=\"hit\"} 1.0\n")
        .contains("cdnsim_edge_requests_total{cache=\"miss\"} 1.0\n")
        .contains("cdnsim_edge_requests_total{cache=\"pass\"} 0.0\n")
        .contains("cdnsim_edge_response_bytes_total 10.0\n")
        .contains("cdnsim_edge_origin_requests_total 1.0\n")
        .contains("cdnsim_edge_origin_response_bytes_total 5.0\n")
        .contains("cdnsim_edge_cache_entries 1.0\n")
        .containsPattern("cdnsim_edge_cache_size_bytes [1-9][0-9]*\\.0\n")
        .contains("cdnsim_edge_upstream_requests_total{pool=\"origin\",replica=\"" + replica + "\"} 1.0\n")
        .contains("cdnsim_edge_upstream_failures_total{pool=\"origin\",replica=\"" + replica + "\"} 0.0\n")
        .contains("cdnsim_edge_upstream_active_requests{pool=\"origin\",replica=\"" + replica + "\"} 0.0\n");
  }

  @Test
  void aDeadReplicaShowsFailuresAndIsMarkedOut() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60"));
    URI dead = URI.create("http://127.0.0.1:" + deadPort);
    try (EdgeServer edge = new EdgeServer(new EdgeConfig("two", new InetSocketAddress("127.0.0.1", 0),
        List.of(t.origin.uri(), dead), 1 << 20, Duration.ofSeconds(2)), t.clock).start()) {
      Http http = new Http(edge.port());
      // Round-robin sends one of two first attempts to the dead replica; the retry goes to the live one.
      assertThat(http.get("/a").statusCode()).isEqualTo(200);
      assertThat(http.get("/b").statusCode()).isEqualTo(200);

      String body = http.get("/_edge/metrics").body();
      String id = "pool=\"origin\",replica=\"127.0.0.1:" + deadPort + "\"";
      assertThat(body)
          .contains("cdnsim_edge_upstream_failures_total{" + id + "} 1.0\n")
          .contains("cdnsim_edge_upstream_up{" + id + "} 0.0\n")
          .contains("cdnsim_edge_upstream_state{" + id + ",state=\"ejected\"} 1.0\n")
          .contains("cdnsim_edge_upstream_state{" + id + ",state=\"up\"} 0.0\n")
          .contains("cdnsim_edge_pool_retries_total{pool=\"origin\"} 1.0\n");
    }
  }

  @Test
  void isAdminSurfaceLikeTheStats() throws Exception {
    HttpClient other = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
    URI metrics = URI.create("http://127.0.0.1:" + t.edge.port() + "/_edge/metrics");
    HttpResponse<String> denied = other.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> allowed = other.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer s3cret")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("# TYPE cdnsim_edge_requests_total counter\n");
    assertThat(t.http.send("POST", "/_edge/metrics").statusCode()).isEqualTo(405);
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void speaksOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> r = t.http.get("/_edge/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(header(r, "Content-Type")).startsWith("application/openmetrics-text");
    assertThat(r.body())
        .contains("# TYPE cdnsim_edge_requests counter\n")
        .contains("# UNIT cdnsim_edge_cache_size_bytes bytes\n")
        .endsWith("# EOF\n");
  }
}
