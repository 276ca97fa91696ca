package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 5861 through real sockets: stale-while-revalidate and stale-if-error; max-stale. */
class StaleContentIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void staleWhileRevalidateServesStaleAndRevalidatesOnceInTheBackground() throws Exception {
    t.origin.always(Reply.ok("v1").header("Cache-Control", "max-age=10, stale-while-revalidate=60"));
    t.http.get("/swr");
    t.origin.takeRequest();
    t.clock.advance(Duration.ofSeconds(20));
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("v2").header("Cache-Control", "max-age=10, stale-while-revalidate=60").gatedBy(gate));

    HttpResponse<String> first = t.http.get("/swr");
    HttpResponse<String> second = t.http.get("/swr");
    t.origin.takeRequest();
    gate.countDown();
    EdgeUnderTest.await("the background revalidation to store v2", () -> {
      try {
        return t.http.get("/swr").body().equals("v2");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });

    assertThat(first.body()).isEqualTo("v1");
    assertThat(header(first, "X-Cache")).isEqualTo("STALE");
    assertThat(header(first, "Cache-Status")).contains("detail=stale-while-revalidate").contains("ttl=-10");
    assertThat(second.body()).isEqualTo("v1");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void staleIfErrorServesStaleOn5xx() throws Exception {
    t.origin.always(Reply.ok("good").header("Cache-Control", "max-age=10, stale-if-error=60"));
    t.http.get("/sie");
    t.clock.advance(Duration.ofSeconds(30));
    t.origin.always(Reply.status(500));

    HttpResponse<String> r = t.http.get("/sie");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("good");
    assertThat(header(r, "X-Cache")).isEqualTo("STALE");
    assertThat(header(r, "Cache-Status")).contains("fwd-status=500").contains("detail=stale-if-error");
  }

  @Test
  void staleIfErrorServesStaleWhenTheOriginIsGone() throws Exception {
    t.origin.always(Reply.ok("good").header("Cache-Control", "max-age=10, stale-if-error=60"));
    t.http.get("/gone");
    t.clock.advance(Duration.ofSeconds(30));
    t.origin.close();

    HttpResponse<String> r = t.http.get("/gone");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "X-Cache")).isEqualTo("STALE");
  }

  @Test
  void staleIfErrorEndsAfterItsWindow() throws Exception {
    t.origin.always(Reply.ok("good").header("Cache-Control", "max-age=10, stale-if-error=60"));
    t.http.get("/late");
    t.clock.advance(Duration.ofSeconds(80));
    t.origin.always(Reply.status(500));

    assertThat(t.http.get("/late").statusCode()).isEqualTo(500);
  }

  @Test
  void clientMaxStaleAcceptsStale() throws Exception {
    t.origin.always(Reply.ok("old").header("Cache-Control", "max-age=10"));
    t.http.get("/ms");
    t.clock.advance(Duration.ofSeconds(15));

    HttpResponse<String> r = t.http.get("/ms", "Cache-Control", "max-stale=10");

    assertThat(header(r, "X-Cache")).isEqualTo("STALE");
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void softPurgedEntryStillServesStaleIfError() throws Exception {
    t.origin.always(Reply.ok("kept").header("Cache-Control", "max-age=600, stale-if-error=600"));
    t.http.get("/soft");
    t.http.send("PURGE", "/soft", "Cdnsim-Soft-Purge", "1");
    t.origin.always(Reply.status(503));

    HttpResponse<String> r = t.http.get("/soft");

    assertThat(r.body()).isEqualTo("kept");
    assertThat(header(r, "X-Cache")).isEqualTo("STALE");
  }
}
