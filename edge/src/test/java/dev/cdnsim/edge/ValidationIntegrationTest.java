package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Validation (RFC 9111 §4.3) through real sockets: conditional fetches, 304 freshening, 304s from the edge. */
class ValidationIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void staleEntryIsRevalidatedWithItsValidatorsAnd304Freshens() throws Exception {
    t.origin.script(r -> r.header("If-None-Match") != null
        ? Reply.status(304).header("Cache-Control", "max-age=100").header("ETag", "\"v1\"").header("X-Version", "2")
        : Reply.ok("body-v1").header("Cache-Control", "max-age=10").header("ETag", "\"v1\"")
            .header("Last-Modified", "Sun, 01 Feb 2026 00:00:00 GMT").header("X-Version", "1"));
    t.http.get("/v");
    t.origin.takeRequest();
    t.clock.advance(Duration.ofSeconds(11));

    HttpResponse<String> revalidated = t.http.get("/v");
    ScriptedOrigin.RecordedRequest conditional = t.origin.takeRequest();
    t.clock.advance(Duration.ofSeconds(50));
    HttpResponse<String> afterwards = t.http.get("/v");

    assertThat(conditional.header("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(conditional.header("If-Modified-Since")).isEqualTo("Sun, 01 Feb 2026 00:00:00 GMT");
    assertThat(header(revalidated, "X-Cache")).isEqualTo("REVALIDATED");
    assertThat(header(revalidated, "Cache-Status")).contains("fwd=stale; fwd-status=304; stored");
    assertThat(revalidated.body()).isEqualTo("body-v1");
    assertThat(header(revalidated, "X-Version")).isEqualTo("2");
    assertThat(header(afterwards, "X-Cache")).isEqualTo("HIT");
    assertThat(header(afterwards, "Age")).isEqualTo("50");
    assertThat(t.origin.requestCount()).isEqualTo(2);
    // Counted when each exchange completes, which may be just after the client has its answer.
    EdgeUnderTest.await("three requests counted", () -> t.edge.stats().requests() == 3);
    assertThat(t.edge.stats().hits()).isEqualTo(2);
  }

  @Test
  void changedObjectReplacesTheStoredOne() throws Exception {
    t.origin.always(Reply.ok("old").header("Cache-Control", "max-age=10").header("ETag", "\"a\""));
    t.http.get("/c");
    t.clock.advance(Duration.ofSeconds(11));
    t.origin.always(Reply.ok("new").header("Cache-Control", "max-age=10").header("ETag", "\"b\""));

    HttpResponse<String> changed = t.http.get("/c");

    assertThat(changed.body()).isEqualTo("new");
    assertThat(header(changed, "X-Cache")).isEqualTo("MISS");
    assertThat(t.http.get("/c").body()).isEqualTo("new");
  }

  @Test
  void clientIfNoneMatchIsAnswered304FromTheStoredCopy() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60").header("ETag", "W/\"e1\""));
    t.http.get("/e");

    HttpResponse<String> notModified = t.http.get("/e", "If-None-Match", "\"other\", \"e1\"");
    HttpResponse<String> modified = t.http.get("/e", "If-None-Match", "\"other\"");

    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(header(notModified, "ETag")).isEqualTo("W/\"e1\"");
    assertThat(header(notModified, "Cache-Control")).isEqualTo("max-age=60");
    assertThat(header(notModified, "X-Cache")).isEqualTo("HIT");
    assertThat(modified.statusCode()).isEqualTo(200);
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void clientIfModifiedSinceIsAnswered304FromTheStoredCopy() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60").header("Last-Modified", "Sun, 01 Feb 2026 00:00:00 GMT"));
    t.http.get("/m");

    assertThat(t.http.get("/m", "If-Modified-Since", "Sun, 01 Feb 2026 00:00:00 GMT").statusCode()).isEqualTo(304);
    assertThat(t.http.get("/m", "If-Modified-Since", "Sat, 31 Jan 2026 00:00:00 GMT").statusCode()).isEqualTo(200);
  }

  @Test
  void clientConditionalsAreNotForwardedOnAMiss() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60").header("ETag", "\"e1\""));

    HttpResponse<String> r = t.http.get("/n", "If-None-Match", "\"e1\"");

    assertThat(t.origin.takeRequest().header("If-None-Match")).isNull();
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(header(r, "X-Cache")).isEqualTo("MISS");
  }

  @Test
  void responseNoCacheIsRevalidatedOnEveryUse() throws Exception {
    t.origin.script(r -> r.header("If-None-Match") != null
        ? Reply.status(304).header("ETag", "\"n\"")
        : Reply.ok("x").header("Cache-Control", "no-cache").header("ETag", "\"n\""));
    t.http.get("/nc");

    assertThat(header(t.http.get("/nc"), "X-Cache")).isEqualTo("REVALIDATED");
    assertThat(header(t.http.get("/nc"), "X-Cache")).isEqualTo("REVALIDATED");
    assertThat(t.origin.requestCount()).isEqualTo(3);
  }

  @Test
  void requestNoCacheRevalidatesAFreshEntry() throws Exception {
    t.origin.script(r -> r.header("If-None-Match") != null
        ? Reply.status(304).header("ETag", "\"n\"").header("Cache-Control", "max-age=60")
        : Reply.ok("x").header("Cache-Control", "max-age=60").header("ETag", "\"n\""));
    t.http.get("/rnc");

    HttpResponse<String> r = t.http.get("/rnc", "Cache-Control", "no-cache");

    assertThat(header(r, "X-Cache")).isEqualTo("REVALIDATED");
    assertThat(header(r, "Cache-Status")).contains("fwd=request");
  }

  @Test
  void pragmaNoCacheFromHttp10RevalidatesAFreshEntry() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60"));
    t.http.get("/pragma");

    assertThat(header(t.http.get("/pragma", "Pragma", "no-cache"), "X-Cache")).isEqualTo("MISS");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void onlyIfCachedMissIs504() throws Exception {
    HttpResponse<String> r = t.http.get("/never", "Cache-Control", "only-if-cached");

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void mustRevalidateWithADeadOriginIs502NotStale() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=10, must-revalidate, stale-if-error=600"));
    t.http.get("/mr");
    t.clock.advance(Duration.ofSeconds(20));
    t.origin.always(Reply.status(503));

    HttpResponse<String> r = t.http.get("/mr");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(header(r, "X-Cache")).isNotEqualTo("STALE");
  }
}
