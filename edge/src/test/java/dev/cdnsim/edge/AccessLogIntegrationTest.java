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
      metrics = t.http.get("/_edge/metrics").body();
    } finally {
      t.close();   // the log's lines are all written when the edge has stopped
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[01/Mar/2026:12:00:00 \\+0000] "
        + "\"GET /a\\?x=1 HTTP/1\\.1\" 200 10 \"http://ref\\.test/\" \"tester/1\" "
        + "\"127\\.0\\.0\\.1:\\d+\" \\d+\\.\\d{3} MISS");
    assertThat(lines.get(1)).contains("\"GET /a?x=1 HTTP/1.1\" 200 10 ").endsWith(" HIT");
    assertThat(lines.get(2)).contains("\"HEAD /a?x=1 HTTP/1.1\" 200 0 ").endsWith(" HIT");
    assertThat(lines.get(3)).contains("\"GET /b HTTP/1.1\" 200 10 \"-\" \"q\\x22\\x5C\\xE9\" \"h.test\" ")
        .endsWith(" MISS");
    assertThat(lines.get(4)).contains("\"GET /c HTTP/1.1\" 431 ").endsWith(" -");
    assertThat(lines.get(5)).contains("\"GET /_edge/metrics HTTP/1.1\" 200 ").endsWith(" -");
    assertThat(metrics).contains("cdnsim_edge_access_log_dropped_total 0.0");
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
