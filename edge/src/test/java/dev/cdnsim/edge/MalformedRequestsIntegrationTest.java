package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes a client sends, the edge answers with a status of its own or the origin's, or closes the
 * connection; never with a 500 of its own, never by hanging, and it goes on serving. Valid requests mutated at
 * random (bytes replaced, inserted, cut short), with a fixed seed so that a failure repeats; a bounded number
 * of connections to the edge on loopback.
 */
class MalformedRequestsIntegrationTest {
  private static final String[] VALID = {
      "GET /a HTTP/1.1\r\nHost: site.example\r\nAccept-Encoding: gzip\r\n\r\n",
      "POST /p HTTP/1.1\r\nHost: site.example\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
      "PUT /c HTTP/1.1\r\nHost: site.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      "GET /r HTTP/1.1\r\nHost: site.example\r\nRange: bytes=0-1\r\nIf-None-Match: \"x\"\r\n\r\n",
      "HEAD / HTTP/1.0\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\nHost: site.example\r\n\r\n",
      "GET /q?a=%41&b=%7e HTTP/1.1\r\nHost: site.example\r\nCache-Control: max-stale=5, no-transform\r\n\r\n",
      "PURGE /a HTTP/1.1\r\nHost: site.example\r\n\r\n",
      "POST /_edge/purge?url=/a&prefix=/c&tag=t&soft=true HTTP/1.1\r\nHost: site.example\r\nContent-Length: 13\r\n\r\n/a\nhttp://x/b",
      "GET /_edge/stats HTTP/1.1\r\nHost: site.example\r\n\r\n",
      "GET /big HTTP/1.1\r\nHost: site.example\r\nRange: bytes=100-200, 300-\r\nIf-Range: \"x\"\r\n\r\n",
      "GET /big HTTP/1.1\r\nHost: site.example\r\nIf-Modified-Since: Wed, 25 Nov 2026 15:00:00 GMT\r\n\r\n"};
  private static final byte[] SPECIAL = {'\r', '\n', ':', ' ', '\t', ',', ';', 0, (byte) 0xff, '0', '9', '/', '%'};

  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void mutatedRequestsGetAnAnswerOrAClosedConnectionAndTheEdgeGoesOnServing() throws Exception {
    // A body of 100 KiB lives in a file once stored, so ranges of it are sent from there.
    String big = "b".repeat(100 * 1024);
    t.origin.script(r -> Reply.ok(r.target().startsWith("/big") ? big : "fine").header("Cache-Control", "max-age=60"));
    Random random = new Random(20261126);
    int answered = 0;
    for (int n = 0; n < 300; n++) {
      byte[] valid = VALID[random.nextInt(VALID.length)].getBytes(ISO_8859_1);
      byte[] request = ByteMutations.mutate(valid, 1 + random.nextInt(4), SPECIAL, random);
      String answer = send(request);
      if (answer.isEmpty()) continue;   // closed without a word: allowed for bytes that are not HTTP
      answered++;
      assertThat(answer).as("answer to %s", printable(request)).startsWith("HTTP/1.");
      int status = Integer.parseInt(answer.substring(9, 12));
      // Never a server error, except 505 for a version the edge does not speak (e.g. a mutated HTTP/1.9).
      if (status != 505) assertThat(status).as("status for %s", printable(request)).isBetween(200, 499);
    }
    assertThat(answered).as("most mutated requests get an answer").isGreaterThan(150);
    assertThat(t.http.get("/after").body()).isEqualTo("fine");
  }

  /**
   * Sends {@code request} and ends the sending side, so that a request cut short ends there; returns the first
   * answer's bytes up to the end of its head (empty when the edge closed without one). Fails if none comes in 5 s.
   */
  private String send(byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new InetSocketAddress("127.0.0.1", t.edge.port()));
      s.getOutputStream().write(request);
      s.shutdownOutput();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int r; (r = in.read(buf)) > 0; ) {
          out.write(buf, 0, r);
          if (out.toString(ISO_8859_1).contains("\r\n\r\n")) break;
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer and no close in 5 s to " + printable(request), e);
      } catch (IOException reset) {
        // a reset is a closed connection too
      }
      return out.toString(ISO_8859_1);
    }
  }

  private static String printable(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.toString();
  }
}
