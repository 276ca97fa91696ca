package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --access-log}: a line per request, through real sockets, once the answer is done. */
class AccessLogIntegrationTest {
  @TempDir Path dir;

  @Test
  void everyRequestGetsALineSayingWhatTheEdgeDid() throws Exception {
    Path file = dir.resolve("edge.log");
    EdgeUnderTest t = new EdgeUnderTest(o -> o.withAccessLog(file));
    String metrics;
    try {
      t.origin.script(r -> Reply.ok("0123456789").header("Cache-Control", "max-age=600"));
      t.http.get("/a?x=1", "Referer", "http://ref.test/", "User-Agent", "tester/1");
      t.http.get("/a?x=1");
      t.http.send("HEAD", "/a?x=1");
      RawHttp.exchange(t.edge.port(), null, "GET /b HTTP/1.1\r\nHost: h.test\r\nUser-Agent: q\"\\\u00e9\r\n\r\n");
      String big = "X-Big: " + "a".repeat(70_000) + "\r\n";
      RawHttp.exchange(t.edge.port(), null, "GET /c HTTP/1.1\r\nHost: h.test\r\n" + big + "\r\n");
      // Refused below the handlers (a malformed field line, a version the edge does not speak, no Host), logged all
      // the same.
      RawHttp.exchange(t.edge.port(), null, "GET /d?q=\"1 HTTP/1.1\r\nHost: h.test\r\nX Bad: 1\r\n\r\n");
      RawHttp.exchange(t.edge.port(), null, "GET /e HTTP/3.0\r\nHost: h.test\r\n\r\n");
      RawHttp.exchange(t.edge.port(), null, "GET /f HTTP/1.1\r\n\r\n");
      metrics = t.http.get("/_edge/metrics").body();
    } finally {
      t.close();   // the log's lines are all written when the edge has stopped
    }

    // A line is written when its answer is done: requests on different connections may finish in either order.
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(9);
    List<String> a = withRequest(lines, "GET /a?x=1");
    assertThat(a).hasSize(2);
    assertThat(a).filteredOn(l -> l.endsWith(" MISS")).singleElement().asString().matches("127\\.0\\.0\\.1 - - \\[01/Mar/2026:12:00:00 \\+0000] "
        + "\"GET /a\\?x=1 HTTP/1\\.1\" 200 10 \"http://ref\\.test/\" \"tester/1\" "
        + "\"127\\.0\\.0\\.1:\\d+\" \\d+\\.\\d{3} MISS");
    assertThat(a).filteredOn(l -> l.endsWith(" HIT")).singleElement().asString()
        .contains("\"GET /a?x=1 HTTP/1.1\" 200 10 ");
    assertThat(withRequest(lines, "HEAD /a?x=1")).singleElement().asString()
        .contains("\"HEAD /a?x=1 HTTP/1.1\" 200 0 ").endsWith(" HIT");
    assertThat(withRequest(lines, "GET /b")).singleElement().asString()
        .contains("\"GET /b HTTP/1.1\" 200 10 \"-\" \"q\\x22\\x5C\\xE9\" \"h.test\" ").endsWith(" MISS");
    assertThat(withRequest(lines, "GET /c")).singleElement().asString()
        .contains("\"GET /c HTTP/1.1\" 431 ").endsWith(" -");
    int whyBytes = "malformed request: whitespace in a field name or before its colon\n".length();
    assertThat(withRequest(lines, "GET /d?q=\\x221")).singleElement().asString().matches("127\\.0\\.0\\.1 - - "
        + "\\[01/Mar/2026:12:00:00 \\+0000] \"GET /d\\?q=\\\\x221 HTTP/1\\.1\" 400 " + whyBytes
        + " \"-\" \"-\" \"-\" 0\\.000 -");
    assertThat(withRequest(lines, "GET /e")).singleElement().asString().contains("\"GET /e HTTP/3.0\" 505 ");
    assertThat(withRequest(lines, "GET /f")).singleElement().asString()
        .contains("\"GET /f HTTP/1.1\" 400 " + "malformed request: a request without a Host field\n".length() + " ");
    assertThat(withRequest(lines, "GET /_edge/metrics")).singleElement().asString()
        .contains("\"GET /_edge/metrics HTTP/1.1\" 200 ").endsWith(" -");
    assertThat(metrics).contains("cdnsim_edge_access_log_dropped_total 0.0");
  }

  /** The lines of requests whose request line starts {@code methodAndTarget} and a space. */
  private static List<String> withRequest(List<String> lines, String methodAndTarget) {
    return lines.stream().filter(l -> l.contains("\"" + methodAndTarget + " ")).toList();
  }

  @Test
  void withoutTheOptionThereIsNoLogAndNothingDropped() throws Exception {
    try (EdgeUnderTest t = new EdgeUnderTest()) {
      t.origin.script(r -> Reply.ok("x"));
      t.http.get("/a");

      assertThat(t.http.get("/_edge/metrics").body()).contains("cdnsim_edge_access_log_dropped_total 0.0");
    }
    assertThat(dir).isEmptyDirectory();
  }
}
