package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single ranges and If-Range from a stored response, and from one streamed through without being stored (too big, or
 * no-store) on its first request; large objects streamed and not stored.
 */
class RangeAndSizeIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withMaxObjectBytes(1000));

  @AfterEach
  void stop() {
    t.close();
  }

  private void storeAlphabet() throws Exception {
    t.origin.always(Reply.ok("abcdefghijklmnopqrstuvwxyz").header("Cache-Control", "max-age=60").header("ETag", "\"abc\"")
        .header("Last-Modified", "Sun, 01 Feb 2026 00:00:00 GMT"));
    t.http.get("/abc");
  }

  @Test
  void singleRangeIs206FromTheStoredResponse() throws Exception {
    storeAlphabet();

    HttpResponse<String> r = t.http.get("/abc", "Range", "bytes=2-4");

    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("cde");
    assertThat(header(r, "Content-Range")).isEqualTo("bytes 2-4/26");
    assertThat(header(r, "X-Cache")).isEqualTo("HIT");
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void suffixAndOpenRanges() throws Exception {
    storeAlphabet();

    assertThat(t.http.get("/abc", "Range", "bytes=-3").body()).isEqualTo("xyz");
    assertThat(t.http.get("/abc", "Range", "bytes=24-").body()).isEqualTo("yz");
  }

  @Test
  void unsatisfiableRangeIs416() throws Exception {
    storeAlphabet();

    HttpResponse<String> r = t.http.get("/abc", "Range", "bytes=100-200");

    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes */26");
  }

  @Test
  void severalRangesGetTheWholeBody() throws Exception {
    storeAlphabet();

    HttpResponse<String> r = t.http.get("/abc", "Range", "bytes=0-1,4-5");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(26);
  }

  @Test
  void ifRangeWithTheCurrentEtagHonoursTheRangeAndAnOldOneGetsEverything() throws Exception {
    storeAlphabet();

    assertThat(t.http.get("/abc", "Range", "bytes=0-0", "If-Range", "\"abc\"").statusCode()).isEqualTo(206);
    assertThat(t.http.get("/abc", "Range", "bytes=0-0", "If-Range", "\"old\"").statusCode()).isEqualTo(200);
    assertThat(t.http.get("/abc", "Range", "bytes=0-0", "If-Range", "Sun, 01 Feb 2026 00:00:00 GMT").statusCode())
        .isEqualTo(206);
  }

  @Test
  void rangeOnAMissFetchesTheWholeObjectAndAnswersTheRange() throws Exception {
    t.origin.always(Reply.ok("0123456789").header("Cache-Control", "max-age=60"));

    HttpResponse<String> r = t.http.get("/digits", "Range", "bytes=3-5");

    assertThat(t.origin.takeRequest().header("Range")).isNull();
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("345");
    assertThat(header(t.http.get("/digits"), "X-Cache")).isEqualTo("HIT");
  }

  @Test
  void largeStoredBodiesAreServedWholeAndInRanges() throws Exception {
    byte[] big = new byte[300 * 1024];
    new java.util.SplittableRandom(7).nextBytes(big);
    try (EdgeUnderTest large = new EdgeUnderTest()) {
      large.origin.always(Reply.ok("").body(big).header("Cache-Control", "max-age=60"));
      large.http.bytes("/large");

      HttpResponse<byte[]> hit = large.http.bytes("/large");
      HttpResponse<byte[]> range = large.http.bytes("/large", "Range", "bytes=100000-100009");

      assertThat(Http.header(hit, "X-Cache")).isEqualTo("HIT");
      assertThat(hit.body()).isEqualTo(big);
      assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 100_000, 100_010));
    }
  }

  @Test
  void objectsOverTheSizeLimitAreStreamedAndNotStored() throws Exception {
    byte[] big = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    t.origin.always(Reply.ok("").body(big).header("Cache-Control", "max-age=60"));

    HttpResponse<String> first = t.http.get("/big");
    HttpResponse<String> second = t.http.get("/big");

    assertThat(first.body()).hasSize(5000);
    assertThat(header(first, "Cache-Status")).contains("detail=too-big");
    assertThat(header(second, "X-Cache")).isNotEqualTo("HIT");
    assertThat(t.origin.requestCount()).isEqualTo(2);
    assertThat(t.edge.cache().weightedSize()).isZero();
  }

  @Test
  void rangesOfATooBigObjectPassThroughToTheOrigin() throws Exception {
    byte[] big = "y".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    t.origin.always(Reply.ok("").body(big).header("Cache-Control", "max-age=60"));
    t.http.get("/huge");
    t.origin.takeRequest();

    t.http.get("/huge", "Range", "bytes=0-9");

    assertThat(t.origin.takeRequest().header("Range")).isEqualTo("bytes=0-9");
  }

  @Test
  void aRangeOfATooBigObjectIsCutFromTheStreamOnItsFirstRequest() throws Exception {
    byte[] big = new byte[200_000];   // over the streamer's small-body size, so read and written in pieces
    new java.util.SplittableRandom(3).nextBytes(big);
    t.origin.always(Reply.ok("").body(big).header("Cache-Control", "max-age=60"));

    HttpResponse<byte[]> r = t.http.bytes("/huge", "Range", "bytes=70000-70009");

    assertThat(t.origin.takeRequest().header("Range")).as("the fill asks for the whole object").isNull();
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes 70000-70009/200000");
    assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 70_000, 70_010));
    assertThat(header(r, "Cache-Status")).contains("detail=too-big");
    assertThat(header(r, "Content-Length")).isEqualTo("10");
  }

  @Test
  void aRangeOfANoStoreAnswerIsCutFromItAndIfRangeStillDecides() throws Exception {
    t.origin.always(Reply.ok("abcdefghijklmnopqrstuvwxyz").header("Cache-Control", "no-store").header("ETag", "\"v2\""));

    // Three keys: after its first answer a key is hit-for-miss, and its ranges go to the origin as they came.
    HttpResponse<String> r = t.http.get("/a", "Range", "bytes=2-4");
    HttpResponse<String> old = t.http.get("/b", "Range", "bytes=2-4", "If-Range", "\"v1\"");
    HttpResponse<String> past = t.http.get("/c", "Range", "bytes=26-");

    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("cde");
    assertThat(header(r, "Content-Range")).isEqualTo("bytes 2-4/26");
    assertThat(header(r, "X-Cache")).isEqualTo("MISS");
    assertThat(old.statusCode()).as("If-Range names another version: the whole body").isEqualTo(200);
    assertThat(old.body()).hasSize(26);
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(header(past, "Content-Range")).isEqualTo("bytes */26");
    assertThat(t.edge.cache().weightedSize()).isZero();
  }

  @Test
  void rangesOfAKeyWhoseAnswerWasNotShareablePassThroughToTheOrigin() throws Exception {
    t.origin.always(Reply.ok("abcdefghijklmnopqrstuvwxyz").header("Cache-Control", "no-store"));
    t.http.get("/mine");
    t.origin.takeRequest();

    t.http.get("/mine", "Range", "bytes=0-9");

    assertThat(t.origin.takeRequest().header("Range")).isEqualTo("bytes=0-9");
  }
}
