package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent misses for one key make one origin request (issue 3, item 9). */
class CollapsingIntegrationTest {
  private EdgeUnderTest t;

  @AfterEach
  void stop() {
    if (t != null) t.close();
  }

  private static List<HttpResponse<String>> collect(List<Future<HttpResponse<String>>> futures) throws Exception {
    List<HttpResponse<String>> out = new ArrayList<>();
    for (Future<HttpResponse<String>> f : futures) out.add(f.get());
    return out;
  }

  private String metrics() {
    try {
      return t.http.get("/_edge/metrics").body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("scraping the edge's metrics failed", e);
    }
  }

  /**
   * Sends {@code n} concurrent GETs for {@code path} while the origin holds its answer on {@code gate}; opens
   * the gate once the first reached the origin and the other {@code n - 1} wait for its fill (the edge's
   * gauge; counted in flight is not enough: such a request may still be on its way to the wait, and one that
   * comes after the fill may rightly go to the origin itself), then returns the answers.
   */
  private List<HttpResponse<String>> whileTheOriginIsHeld(int n, String path, CountDownLatch gate) throws Exception {
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) futures.add(clients.submit(() -> t.http.get(path)));
      t.origin.takeRequest();
      String waiting = "cdnsim_edge_collapsed_waiting " + (n - 1) + ".0\n";
      EdgeUnderTest.await((n - 1) + " requests waiting for the fill", () -> metrics().contains(waiting));
      gate.countDown();
      return collect(futures);
    }
  }

  @Test
  void twoHundredConcurrentMissesMakeOneOriginRequest() throws Exception {
    t = new EdgeUnderTest();
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("cold object").header("Cache-Control", "max-age=60").gatedBy(gate));

    List<HttpResponse<String>> responses = whileTheOriginIsHeld(200, "/cold", gate);

    assertThat(t.origin.requestCount()).isEqualTo(1);
    assertThat(responses).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("cold object");
    });
    assertThat(responses).filteredOn(r -> "MISS".equals(header(r, "X-Cache"))).hasSize(1);
    assertThat(responses).filteredOn(r -> "HIT".equals(header(r, "X-Cache"))).hasSize(199)
        .allSatisfy(r -> assertThat(header(r, "Cache-Status")).contains("detail=collapsed"));
    EdgeUnderTest.await("200 requests counted", () -> t.edge.stats().requests() == 200);
    assertThat(t.edge.stats().hits()).isEqualTo(199);
  }

  @Test
  void waitersShareAResponseThatMustBeRevalidatedBeforeLaterUse() throws Exception {
    t = new EdgeUnderTest();
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("validate me").header("Cache-Control", "no-cache").header("ETag", "\"v\"").gatedBy(gate));

    List<HttpResponse<String>> responses = whileTheOriginIsHeld(20, "/no-cache", gate);

    assertThat(responses).allSatisfy(r -> assertThat(r.body()).isEqualTo("validate me"));
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void waitersOfANotShareableResponseGoToTheOriginThemselves() throws Exception {
    t = new EdgeUnderTest();
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("mine").header("Cache-Control", "private").gatedBy(gate));

    List<HttpResponse<String>> responses = whileTheOriginIsHeld(5, "/private", gate);

    assertThat(t.origin.requestCount()).isEqualTo(5);
    assertThat(responses).allSatisfy(r -> assertThat(header(r, "X-Cache")).isNotEqualTo("HIT"));
  }

  @Test
  void hitForMissSkipsTheWaitForAWhile() throws Exception {
    t = new EdgeUnderTest();
    t.origin.always(Reply.ok("mine").header("Cache-Control", "private"));
    t.http.get("/p");
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("mine").header("Cache-Control", "private").gatedBy(gate));
    t.origin.takeRequest();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpResponse<String>> a = clients.submit(() -> t.http.get("/p"));
      Future<HttpResponse<String>> b = clients.submit(() -> t.http.get("/p"));
      // Both reach the origin while it is still held: neither waited for the other.
      t.origin.takeRequest();
      t.origin.takeRequest();
      gate.countDown();
      assertThat(a.get().statusCode()).isEqualTo(200);
      assertThat(b.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void hitForMissExpires() throws Exception {
    t = new EdgeUnderTest();
    t.origin.always(Reply.ok("v1").header("Cache-Control", "private"));
    t.http.get("/later-public");
    t.origin.always(Reply.ok("v2").header("Cache-Control", "max-age=60"));
    t.clock.advance(Duration.ofSeconds(121));

    assertThat(header(t.http.get("/later-public"), "X-Cache")).isEqualTo("MISS");
    assertThat(header(t.http.get("/later-public"), "X-Cache")).isEqualTo("HIT");
  }

  @Test
  void waitingIsBounded() throws Exception {
    t = new EdgeUnderTest(o -> o.withCollapseWait(Duration.ofMillis(100)));
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.script(r -> r.header("X-Second") == null
        ? Reply.ok("slow").header("Cache-Control", "max-age=60").gatedBy(gate)
        : Reply.ok("fast").header("Cache-Control", "max-age=60"));
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpResponse<String>> first = clients.submit(() -> t.http.get("/w"));
      t.origin.takeRequest();
      HttpResponse<String> second = t.http.get("/w", "X-Second", "1");

      assertThat(second.body()).isEqualTo("fast");
      gate.countDown();
      assertThat(first.get().body()).isEqualTo("slow");
    }
  }
}
