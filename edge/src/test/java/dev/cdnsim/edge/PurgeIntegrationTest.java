package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invalidation by unsafe methods (RFC 9111 §4.4), PURGE and the purge endpoint. */
class PurgeIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withAdminToken("s3cret"));

  @BeforeEach
  void cacheableOrigin() {
    t.origin.script(r -> r.method().equals("GET")
        ? Reply.ok("object " + r.target()).header("Cache-Control", "max-age=600")
            .header("Surrogate-Key", r.target().startsWith("/img") ? "images all" : "all")
        : Reply.status(204).header("Location", "/related").header("Content-Location", "http://elsewhere.test/related"));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String xCache(String path) throws Exception {
    return header(t.http.get(path), "X-Cache");
  }

  @Test
  void purgeMethodMakesTheNextRequestAMiss() throws Exception {
    t.http.get("/a");
    assertThat(xCache("/a")).isEqualTo("HIT");

    HttpResponse<String> purge = t.http.send("PURGE", "/a");

    assertThat(purge.statusCode()).isEqualTo(200);
    assertThat(purge.body()).contains("\"purged\":1");
    assertThat(xCache("/a")).isEqualTo("MISS");
  }

  @Test
  void successfulUnsafeRequestInvalidatesTargetAndSameOriginLocation() throws Exception {
    t.http.get("/item");
    t.http.get("/related");

    HttpResponse<String> post = t.http.send("POST", "/item");

    assertThat(post.statusCode()).isEqualTo(204);
    assertThat(header(post, "X-Cache")).isEqualTo("PASS");
    assertThat(xCache("/item")).isEqualTo("MISS");
    assertThat(xCache("/related")).isEqualTo("MISS");
  }

  @Test
  void failedUnsafeRequestInvalidatesNothing() throws Exception {
    t.http.get("/keep");
    t.origin.script(r -> r.method().equals("GET") ? Reply.ok("x").header("Cache-Control", "max-age=600") : Reply.status(500));

    t.http.send("DELETE", "/keep");

    assertThat(xCache("/keep")).isEqualTo("HIT");
  }

  @Test
  void purgeEndpointTakesUrlsPrefixesAndTags() throws Exception {
    for (String p : new String[] {"/img/1", "/img/2", "/css/a", "/js/b", "/doc"}) t.http.get(p);

    t.http.send("POST", "/_edge/purge?url=/doc");
    t.http.send("POST", "/_edge/purge?prefix=/css/");
    HttpResponse<String> byTag = t.http.send("POST", "/_edge/purge?tag=images");

    assertThat(byTag.body()).contains("\"purged\":2");
    assertThat(xCache("/doc")).isEqualTo("MISS");
    assertThat(xCache("/css/a")).isEqualTo("MISS");
    assertThat(xCache("/img/1")).isEqualTo("MISS");
    assertThat(xCache("/img/2")).isEqualTo("MISS");
    assertThat(xCache("/js/b")).isEqualTo("HIT");
  }

  @Test
  void purgingEverythingEmptiesTheCacheForEveryHost() throws Exception {
    t.http.get("/a");
    t.http.get("/img/1");
    String otherHost = "GET /a HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n";
    assertThat(RawHttp.exchange(t.edge.port(), null, otherHost)).contains("X-Cache: MISS");
    assertThat(RawHttp.exchange(t.edge.port(), null, otherHost)).contains("X-Cache: HIT");

    HttpResponse<String> purge = t.http.send("POST", "/_edge/purge?all=true");

    assertThat(purge.body()).isEqualTo("{\"purged\":3,\"soft\":false}\n");
    assertThat(xCache("/a")).isEqualTo("MISS");
    assertThat(xCache("/img/1")).isEqualTo("MISS");
    assertThat(RawHttp.exchange(t.edge.port(), null, otherHost)).contains("X-Cache: MISS");
    assertThat(xCache("/a")).isEqualTo("HIT");
  }

  @Test
  void aPurgeItCannotReadWhollyIs400AndPurgesNothing() throws Exception {
    t.http.get("/a");

    HttpResponse<String> softTypo = t.http.send("POST", "/_edge/purge?url=/a&soft=yes");
    HttpResponse<String> unknown = t.http.send("POST", "/_edge/purge?urls=/a");
    HttpResponse<String> oneBadUrl = t.http.send("POST", "/_edge/purge?url=/a&url=nota%20url");

    assertThat(softTypo.statusCode()).isEqualTo(400);
    assertThat(softTypo.body()).isEqualTo("400 soft is true or false, not yes\n");
    assertThat(unknown.body()).isEqualTo("400 unknown parameter urls (url, prefix, tag, all, soft)\n");
    assertThat(oneBadUrl.body()).isEqualTo("400 not a URL: nota url\n");
    assertThat(xCache("/a")).as("none of them purged /a").isEqualTo("HIT");
  }

  @Test
  void softPurgeMarksStaleSoTheNextRequestRevalidates() throws Exception {
    t.http.get("/s");

    t.http.send("POST", "/_edge/purge?url=/s&soft=true");

    assertThat(xCache("/s")).isEqualTo("MISS");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void surrogateKeysAreNotShownToClients() throws Exception {
    HttpResponse<String> r = t.http.get("/img/3");

    assertThat(header(r, "Surrogate-Key")).isNull();
  }

  @Test
  void aPurgeBodyCutShortIs400AndOneTooBigIs413() throws Exception {
    String cut = rawPurge("Content-Length: 20", "/doc\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String big = rawPurge("Content-Length: 2000000", new byte[(1 << 20) + 4096]);

    assertThat(cut).startsWith("HTTP/1.1 400").endsWith("400 the purge body was cut short or malformed\n");
    assertThat(big).startsWith("HTTP/1.1 413").contains("413 a purge body holds at most 1048576 bytes");
  }

  /** A purge with {@code field} and {@code body}, sent from another thread (the edge may answer and close first). */
  private String rawPurge(String field, byte[] body) throws Exception {
    try (var socket = new java.net.Socket("127.0.0.1", t.edge.port())) {
      socket.setSoTimeout(5_000);
      Thread sender = Thread.ofVirtual().start(() -> {
        try {
          var out = socket.getOutputStream();
          out.write(("POST /_edge/purge HTTP/1.1\r\nHost: x\r\n" + field + "\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(body);
          socket.shutdownOutput();
        } catch (java.io.IOException closedByTheEdge) {
          // the edge answered before the whole body was in
        }
      });
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      sender.join();
      return answer;
    }
  }
}
