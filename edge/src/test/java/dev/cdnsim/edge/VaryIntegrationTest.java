package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secondary keys (RFC 9111 §4.1) through real sockets. */
class VaryIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @BeforeEach
  void encodingOrigin() {
    t.origin.script(r -> {
      String ae = r.header("Accept-Encoding");
      String coding = ae != null && ae.contains("br") ? "br" : ae != null && ae.contains("gzip") ? "gzip" : "identity";
      return Reply.ok("body-" + coding).header("Cache-Control", "max-age=60").header("Vary", "Accept-Encoding")
          .header("Content-Encoding", coding);
    });
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void severalVariantsCoexist() throws Exception {
    t.http.get("/v", "Accept-Encoding", "gzip");
    t.http.get("/v", "Accept-Encoding", "br");

    var gzip = t.http.get("/v", "Accept-Encoding", "gzip");
    var br = t.http.get("/v", "Accept-Encoding", "br");

    assertThat(gzip.body()).isEqualTo("body-gzip");
    assertThat(header(gzip, "X-Cache")).isEqualTo("HIT");
    assertThat(br.body()).isEqualTo("body-br");
    assertThat(header(br, "X-Cache")).isEqualTo("HIT");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void acceptEncodingIsNormalised() throws Exception {
    t.http.get("/n", "Accept-Encoding", "gzip, br");

    var reordered = t.http.get("/n", "Accept-Encoding", "BR;q=1.0,gzip");

    assertThat(header(reordered, "X-Cache")).isEqualTo("HIT");
  }

  @Test
  void anotherVariantIsAVaryMiss() throws Exception {
    t.http.get("/m", "Accept-Encoding", "gzip");

    var other = t.http.get("/m", "Accept-Encoding", "br");

    assertThat(header(other, "X-Cache")).isEqualTo("MISS");
    assertThat(header(other, "Cache-Status")).contains("fwd=vary-miss");
  }

  @Test
  void varyStarNeverMatches() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60").header("Vary", "*"));
    t.http.get("/star");

    assertThat(header(t.http.get("/star"), "X-Cache")).isNotEqualTo("HIT");
    assertThat(t.origin.requestCount()).isEqualTo(2);
  }

  @Test
  void browsersListingTheirCodingsDifferentlyShareTheVariantOfTheCodingsTheyAccept() throws Exception {
    t.http.get("/b", "Accept-Encoding", "gzip, deflate, br");

    var other = t.http.get("/b", "Accept-Encoding", "br, gzip");
    var old = t.http.get("/b", "Accept-Encoding", "deflate");

    assertThat(t.origin.takeRequest().header("Accept-Encoding")).isEqualTo("br, gzip");
    assertThat(header(other, "X-Cache")).isEqualTo("HIT");
    assertThat(other.body()).isEqualTo("body-br");
    assertThat(old.body()).as("no coding it accepts is asked for").isEqualTo("body-identity");
    assertThat(t.origin.takeRequest().header("Accept-Encoding")).isNull();
  }
}
