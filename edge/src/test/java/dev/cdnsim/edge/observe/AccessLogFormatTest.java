package dev.cdnsim.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
  private static final Instant T = Instant.parse("2026-11-26T16:42:51.250Z");
  private final AccessLogFormat format = new AccessLogFormat();

  private static AccessRecord request(String target, String userAgent, long nanos, CacheStatus cache) {
    return new AccessRecord("127.0.0.1", T, "GET", target, "HTTP/1.1", 200, 9740, null, userAgent, "www.cdn.test",
        nanos, cache);
  }

  @Test
  void combinedFormatThenHostRequestTimeAndXCache() {
    assertThat(format.line(request("/objects/1?v=2", "curl/7.88.1", 1_234_567, CacheStatus.HIT))).isEqualTo(
        "127.0.0.1 - - [26/Nov/2026:16:42:51 +0000] \"GET /objects/1?v=2 HTTP/1.1\" 200 9740 \"-\" \"curl/7.88.1\""
            + " \"www.cdn.test\" 0.001 HIT");
  }

  @Test
  void absentFieldsAreDashes() {
    AccessRecord r = new AccessRecord(null, T, "PURGE", "/a", "HTTP/1.1", 200, 0, "", null, null, 0, null);

    assertThat(format.line(r))
        .isEqualTo("- - - [26/Nov/2026:16:42:51 +0000] \"PURGE /a HTTP/1.1\" 200 0 \"-\" \"-\" \"-\" 0.000 -");
  }

  @Test
  void quotesBackslashesAndBytesOutsidePrintableAsciiAreEscapedAsNginxDoes() {
    String line = format.line(request("/a\"b", "x\"y\\z\u0001\r\n\u00e9\u20ac", 0, CacheStatus.MISS));

    assertThat(line).contains("\"GET /a\\x22b HTTP/1.1\"")
        .contains("\"x\\x22y\\x5Cz\\x01\\x0D\\x0A\\xE9\\xE2\\x82\\xAC\"");
    assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
  }

  @Test
  void requestTimeIsSecondsWithMillisecondResolution() {
    assertThat(format.line(request("/", "a", 1_234_567_890L, CacheStatus.MISS))).endsWith(" 1.234 MISS");
    assertThat(format.line(request("/", "a", 5_900_000L, CacheStatus.MISS))).endsWith(" 0.005 MISS");
    assertThat(format.line(request("/", "a", 61_020_000_000L, CacheStatus.MISS))).endsWith(" 61.020 MISS");
  }

  @Test
  void timeIsUtcAndFollowsTheClockFromSecondToSecond() {
    AccessRecord first = request("/", "a", 0, CacheStatus.HIT);
    AccessRecord sameSecond = new AccessRecord("127.0.0.1", T.plusMillis(700), "GET", "/", "HTTP/1.1", 200, 1, null,
        "a", null, 0, CacheStatus.HIT);
    AccessRecord nextDay = new AccessRecord("127.0.0.1", Instant.parse("2026-11-27T00:00:00Z"), "GET", "/", "HTTP/2.0",
        200, 1, null, "a", null, 0, CacheStatus.HIT);

    assertThat(format.line(first)).contains("[26/Nov/2026:16:42:51 +0000]");
    assertThat(format.line(sameSecond)).contains("[26/Nov/2026:16:42:51 +0000]");
    assertThat(format.line(nextDay)).contains("[27/Nov/2026:00:00:00 +0000] \"GET / HTTP/2.0\"");
  }
}
