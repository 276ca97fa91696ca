package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The walking skeleton end to end: a real origin replica behind a real edge, over loopback sockets. */
class EdgeServerIntegrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private OriginServer origin;
  private EdgeServer edge;

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    if (origin != null) origin.close();
  }

  private EdgeServer edgeFor(List<URI> origins, Duration timeout) {
    edge = new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0), origins, 8 << 20, timeout), clock).start();
    return edge;
  }

  private URI startOrigin() {
    origin = new OriginServer(new OriginConfig("o1", new InetSocketAddress("127.0.0.1", 0), CatalogConfig.defaults()), clock).start();
    return URI.create("http://127.0.0.1:" + origin.port());
  }

  @Test
  void missThenHitFromOneOriginRequest() throws Exception {
    Http http = new Http(edgeFor(List.of(startOrigin()), Duration.ofSeconds(5)).port());

    HttpResponse<byte[]> first = http.bytes("/objects/7");
    clock.advance(Duration.ofSeconds(10));
    HttpResponse<byte[]> second = http.bytes("/objects/7");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(header(first, "X-Cache")).isEqualTo("MISS");
    assertThat(header(first, "Cache-Status")).startsWith("cdnsim-test; fwd=uri-miss; fwd-status=200; stored");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(header(second, "X-Cache")).isEqualTo("HIT");
    assertThat(header(second, "Age")).isEqualTo("10");
    assertThat(header(second, "Cache-Status")).isEqualTo("cdnsim-test; hit; ttl=290");
    assertThat(header(second, "ETag")).isEqualTo(header(first, "ETag"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(origin.requestsServed()).isEqualTo(1);
  }

  @Test
  void headIsAnsweredFromTheStoredGet() throws Exception {
    Http http = new Http(edgeFor(List.of(startOrigin()), Duration.ofSeconds(5)).port());
    HttpResponse<byte[]> get = http.bytes("/objects/3");

    HttpResponse<String> head = http.send("HEAD", "/objects/3");

    assertThat(header(head, "X-Cache")).isEqualTo("HIT");
    assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(get.body().length));
    assertThat(head.body()).isEmpty();
    assertThat(origin.requestsServed()).isEqualTo(1);
  }

  @Test
  void statsCountHitsMissesAndBytes() throws Exception {
    Http http = new Http(edgeFor(List.of(startOrigin()), Duration.ofSeconds(5)).port());
    int size = http.bytes("/objects/1").body().length;
    http.get("/objects/1");
    http.get("/objects/1");
    // Counted when each exchange completes, which may be just after the client has its answer.
    EdgeUnderTest.await("three requests counted", () -> edge.stats().requests() == 3);

    HttpResponse<String> stats = http.get("/_edge/stats");

    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(header(stats, "Content-Type")).isEqualTo("application/json");
    assertThat(stats.body()).contains("\"id\":\"test\"", "\"requests\":3", "\"hits\":2", "\"misses\":1",
        "\"hitRatio\":0.6667", "\"bytesServed\":" + 3 * size, "\"originRequests\":1", "\"originBytes\":" + size);
    assertThat(edge.stats()).isEqualTo(new EdgeStats(3, 2, 1, 3L * size, 1, size));
    assertThat(edge.stats().hitRatio()).isEqualTo(2.0 / 3);
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> health = new Http(edgeFor(List.of(startOrigin()), Duration.ofSeconds(5)).port()).get("/_edge/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
  }

  @Test
  void refusedConnectionIs502WithAReason() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    // A long timeout: a refusal is immediate, and a loaded machine must not turn it into a 504.
    Http http = new Http(edgeFor(List.of(URI.create("http://127.0.0.1:" + deadPort)), Duration.ofSeconds(10)).port());

    HttpResponse<String> r = http.get("/objects/1");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 origin unreachable").endsWith("\n").doesNotContain("\n\n");
    assertThat(header(r, "X-Cache")).isEqualTo("ERROR");
  }

  @Test
  void slowOriginIs504() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (ScriptedOrigin slow = new ScriptedOrigin(clock).start()) {
      try {
        slow.always(ScriptedOrigin.Reply.ok("late").gatedBy(never));
        Http http = new Http(edgeFor(List.of(slow.uri()), Duration.ofMillis(300)).port());

        HttpResponse<String> r = http.get("/slow");

        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("504 origin did not answer within 300 ms\n");
      } finally {
        never.countDown(); // let the origin's worker go before the origin stops
      }
    }
  }

  @Test
  void replicasAreUsedInTurnAndADeadOneIsSkipped() throws Exception {
    try (ScriptedOrigin a = new ScriptedOrigin(clock).start(); ScriptedOrigin b = new ScriptedOrigin(clock).start()) {
      a.always(ScriptedOrigin.Reply.ok("a").header("Cache-Control", "no-store"));
      b.always(ScriptedOrigin.Reply.ok("b").header("Cache-Control", "no-store"));
      int deadPort;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        deadPort = s.getLocalPort();
      }
      Http http = new Http(edgeFor(List.of(a.uri(), URI.create("http://127.0.0.1:" + deadPort), b.uri()),
          Duration.ofSeconds(2)).port());

      for (int i = 0; i < 6; i++) assertThat(http.get("/x").statusCode()).isEqualTo(200);

      assertThat(a.requestCount() + b.requestCount()).isEqualTo(6);
      // The dead replica is ejected at its first refusal (nginx's max_fails=1); the live two then alternate.
      assertThat(a.requestCount()).isBetween(2, 4);
      assertThat(b.requestCount()).isBetween(2, 4);
    }
  }

  @Test
  void startNamesTheAddressItCannotBind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      EdgeServer clash = new EdgeServer(new EdgeConfig("clash", new InetSocketAddress("127.0.0.1", taken.getLocalPort()),
          List.of(URI.create("http://127.0.0.1:1")), 1 << 20, Duration.ofSeconds(1)), clock);

      assertThatThrownBy(clash::start).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      clash.close();
    }
  }
}
