package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A passed request's head as the bytes a replica reads (RFC 9112 §3). */
class RequestHeadTest {
  private static String text(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new String(bytes, ISO_8859_1);
  }

  @Test
  void requestLineThenOneLinePerFieldInTheirOrderThenTheEmptyLine() {
    RequestHead h = new RequestHead().start(Methods.GET, "/a?b=c");
    h.add(Headers.HOST, "www.example.com");
    h.add(Headers.ACCEPT, "text/html");
    h.add(Headers.ACCEPT, "*/*");
    assertThat(text(h.finish())).isEqualTo(
        "GET /a?b=c HTTP/1.1\r\nHost: www.example.com\r\nAccept: text/html\r\nAccept: */*\r\n\r\n");
  }

  @Test
  void aHeadOfAnySizeIsWrittenWholeAndTheNextStartsAfresh() {
    RequestHead h = new RequestHead().start(Methods.POST, "/");
    h.add(Headers.COOKIE, "x".repeat(100_000));
    String big = text(h.finish());
    assertThat(big).hasSize("POST / HTTP/1.1\r\nCookie: \r\n\r\n".length() + 100_000).endsWith("x\r\n\r\n");

    assertThat(text(h.start(Methods.GET, "/next").finish())).isEqualTo("GET /next HTTP/1.1\r\n\r\n");
  }

  @Test
  void latin1CharactersGoOutAsTheirOwnByte() {
    RequestHead h = new RequestHead().start(Methods.GET, "/");
    h.add(Headers.USER_AGENT, "caf\u00e9");
    ByteBuffer b = h.finish();
    assertThat(b.get(b.limit() - 5)).isEqualTo((byte) 0xe9);
  }

  @Test
  void aCrLfOrNulInAValueGoesOutAsASpaceWhereverItIs() {
    for (int pad = 0; pad < 17; pad++) {
      RequestHead h = new RequestHead().start(Methods.GET, "/");
      h.add(Headers.USER_AGENT, "v".repeat(pad) + "a\u0000b\rc\nd");
      assertThat(text(h.finish())).as("pad %d", pad)
          .isEqualTo("GET / HTTP/1.1\r\nUser-Agent: " + "v".repeat(pad) + "a b c d\r\n\r\n");
    }
  }
}
