package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a shared cache must never share, what a proxy forwards, and what it refuses. */
class ProxyEtiquetteIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withAdminToken("s3cret"));

  @AfterEach
  void stop() {
    t.close();
  }

  private void neverHit(Reply reply) throws Exception {
    t.origin.always(reply);
    t.http.get("/u");
    HttpResponse<String> second = t.http.get("/u");
    assertThat(header(second, "X-Cache")).isNotEqualTo("HIT");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void privateIsNeverAHit() throws Exception {
    neverHit(Reply.ok("mine").header("Cache-Control", "private, max-age=600"));
  }

  @Test
  void noStoreIsNeverAHit() throws Exception {
    neverHit(Reply.ok("mine").header("Cache-Control", "no-store, max-age=600"));
  }

  @Test
  void setCookieIsNeverAHit() throws Exception {
    neverHit(Reply.ok("mine").header("Cache-Control", "public, max-age=600").header("Set-Cookie", "session=alice"));
  }

  @Test
  void requestWithAuthorizationPassesAndIsNotServedFromCache() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=600"));
    t.http.get("/auth");

    HttpResponse<String> r = t.http.get("/auth", "Authorization", "Bearer alice");

    assertThat(header(r, "X-Cache")).isEqualTo("PASS");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void aLowercaseMethodIsAnotherMethodPassedOnAsItCame() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=600"));
    t.http.get("/m");   // stored

    String response = RawHttp.exchange(t.edge.port(), null, "get /m HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(response).contains("X-Cache: PASS").contains("fwd=method");
    assertThat(t.origin.requestCount()).isEqualTo(2);
    t.origin.takeRequest();
    assertThat(t.origin.takeRequest().method()).isEqualTo("get");
  }

  @Test
  void hopByHopFieldsAreDroppedBothWays() throws Exception {
    t.origin.always(Reply.ok("x").header("Connection", "X-Secret-Hop").header("X-Secret-Hop", "1")
        .header("Cache-Control", "max-age=60"));

    String response = RawHttp.exchange(t.edge.port(), null, "GET /hop HTTP/1.1\r\nHost: a.test\r\n"
        + "Connection: close, X-Client-Hop\r\nX-Client-Hop: 1\r\nKeep-Alive: timeout=5\r\nX-Kept: yes\r\n\r\n");
    ScriptedOrigin.RecordedRequest seen = t.origin.takeRequest();

    assertThat(seen.header("X-Client-Hop")).isNull();
    assertThat(seen.header("Keep-Alive")).isNull();
    assertThat(seen.header("X-Kept")).isEqualTo("yes");
    assertThat(response.toLowerCase()).doesNotContain("x-secret-hop");
  }

  @Test
  void forwardedForIsAppendedAndViaAdded() throws Exception {
    t.origin.always(Reply.ok("x"));

    HttpResponse<String> r = t.http.get("/xff", "X-Forwarded-For", "203.0.113.9");
    ScriptedOrigin.RecordedRequest seen = t.origin.takeRequest();

    assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(seen.header("Via")).isEqualTo("1.1 cdnsim-t");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + t.edge.port() + "\"");
    assertThat(header(r, "Via")).isEqualTo("1.1 cdnsim-t");
  }

  @Test
  void aPassedRequestCarriesTheSameFieldsAndForwardedIsAppended() throws Exception {
    t.origin.always(Reply.ok("x"));

    String response = RawHttp.exchange(t.edge.port(), null, "DELETE /p HTTP/1.1\r\nHost: shop.example\r\n"
        + "Forwarded: for=203.0.113.9\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\n\r\n");
    ScriptedOrigin.RecordedRequest seen = t.origin.takeRequest();

    assertThat(response).startsWith("HTTP/1.1 200").contains("X-Cache: PASS");
    assertThat(seen.header("Host")).isEqualTo("shop.example");
    assertThat(seen.header("Forwarded")).isEqualTo("for=203.0.113.9, for=127.0.0.1;proto=http;host=shop.example");
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("shop.example");
    assertThat(seen.header("Via")).isEqualTo("1.1 cdnsim-t");
    assertThat(seen.header("X-Hop")).isNull();
  }

  @Test
  void eachRequestOnAConnectionGetsForwardedForItsOwnHost() throws Exception {
    t.origin.always(Reply.ok("x"));

    List<String> answers = RawHttp.exchanges(t.edge.port(), "127.0.0.7",
        "DELETE /a HTTP/1.1\r\nHost: one.example\r\n\r\n",
        "DELETE /b HTTP/1.1\r\nHost: two.example:8080\r\n\r\n",
        "DELETE /c HTTP/1.1\r\nHost: one.example\r\nX-Forwarded-For: 198.51.100.1\r\nConnection: close\r\n\r\n");

    assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 200").contains("X-Cache: PASS"));
    assertThat(t.origin.takeRequest().header("Forwarded")).isEqualTo("for=127.0.0.7;proto=http;host=one.example");
    ScriptedOrigin.RecordedRequest second = t.origin.takeRequest();
    assertThat(second.header("Forwarded")).isEqualTo("for=127.0.0.7;proto=http;host=\"two.example:8080\"");
    assertThat(second.header("X-Forwarded-For")).isEqualTo("127.0.0.7");
    ScriptedOrigin.RecordedRequest third = t.origin.takeRequest();
    assertThat(third.header("Forwarded")).isEqualTo("for=127.0.0.7;proto=http;host=one.example");
    assertThat(third.header("X-Forwarded-For")).isEqualTo("198.51.100.1, 127.0.0.7");
  }

  @Test
  void aRequestTargetThatIsNoPathIs400AndAnAbsoluteUrlIsServed() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60"));

    String noPath = RawHttp.exchange(t.edge.port(), null, "GET 0r HTTP/1.1\r\nHost: shop.example\r\n\r\n");
    String absolute = RawHttp.exchange(t.edge.port(), null,
        "GET http://shop.example/p HTTP/1.1\r\nHost: shop.example\r\n\r\n");

    assertThat(noPath).startsWith("HTTP/1.1 400").contains("X-Cache: ERROR")
        .contains("the request target must be a path starting with /");
    assertThat(absolute).startsWith("HTTP/1.1 200").endsWith("x");
    assertThat(t.origin.takeRequest().target()).isEqualTo("/p");
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void cacheKeyIncludesTheHost() throws Exception {
    t.origin.script(r -> Reply.ok("site " + r.header("X-Forwarded-Host")).header("Cache-Control", "max-age=60"));

    String a = RawHttp.exchange(t.edge.port(), null, "GET /same HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    String b = RawHttp.exchange(t.edge.port(), null, "GET /same HTTP/1.1\r\nHost: b.test\r\nConnection: close\r\n\r\n");

    assertThat(a).endsWith("site a.test");
    assertThat(b).endsWith("site b.test").containsIgnoringCase("X-Cache: MISS");
  }

  @Test
  void cdnCacheControlGovernsTheEdgeAndCacheControlGoesToBrowsers() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "no-cache").header("CDN-Cache-Control", "max-age=600"));
    t.http.get("/cdn");

    HttpResponse<String> r = t.http.get("/cdn");

    assertThat(header(r, "X-Cache")).isEqualTo("HIT");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
    assertThat(header(r, "CDN-Cache-Control")).isEqualTo("max-age=600");
  }

  @Test
  void cdnsimCacheControlIsConsumedAndNotForwarded() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=5").header("Cdnsim-Cache-Control", "max-age=600"));
    t.http.get("/mine");
    t.clock.advance(java.time.Duration.ofSeconds(60));

    HttpResponse<String> r = t.http.get("/mine");

    assertThat(header(r, "X-Cache")).isEqualTo("HIT");
    assertThat(header(r, "Cdnsim-Cache-Control")).isNull();
  }

  @Test
  void malformedRequestIs400() throws Exception {
    String response = RawHttp.exchange(t.edge.port(), null, "GET /bad path HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void oversizedHeadersGet431WithAReason() throws Exception {
    String response = RawHttp.exchange(t.edge.port(), null,
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431").contains("over the limit of 65536");
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void anOversizedTargetGets414WithAReason() throws Exception {
    String response = RawHttp.exchange(t.edge.port(), null,
        "GET /" + "a".repeat(70_000) + "?q=1 HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 414").contains("request target is 70004 bytes, over the limit of 65536");
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void headersJustUnderTheLimitPass() throws Exception {
    String response = RawHttp.exchange(t.edge.port(), null,
        "GET /under HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(60_000) + "\r\n\r\n");

    assertThat(response).doesNotStartWith("HTTP/1.1 431").doesNotStartWith("HTTP/1.1 400");
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void headersBeyondWhatTheParserHoldsAreRefusedWithoutReachingTheOrigin() throws Exception {
    String response = RawHttp.exchange(t.edge.port(), null,
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(400_000) + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431")
        .endsWith("request header fields too large: a head of more than 262144 bytes\n");
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void adminRoutesRefuseOtherLoopbackAddressesWithoutTheToken() throws Exception {
    String denied = RawHttp.exchange(t.edge.port(), "127.0.0.2", "GET /_edge/stats HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    String purgeDenied = RawHttp.exchange(t.edge.port(), "127.0.0.2", "PURGE /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    String allowed = RawHttp.exchange(t.edge.port(), "127.0.0.2",
        "GET /_edge/stats HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer s3cret\r\nConnection: close\r\n\r\n");
    String wrongToken = RawHttp.exchange(t.edge.port(), "127.0.0.2",
        "GET /_edge/stats HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer guess\r\nConnection: close\r\n\r\n");

    assertThat(denied).startsWith("HTTP/1.1 403");
    assertThat(purgeDenied).startsWith("HTTP/1.1 403");
    assertThat(allowed).startsWith("HTTP/1.1 200");
    assertThat(wrongToken).startsWith("HTTP/1.1 403");
  }
}
