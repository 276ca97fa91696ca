package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.edge.ByteMutations;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parsing a replica's answer head and framing its body, on bytes (RFC 9112 §2–§6). */
class ResponseHeadTest {
  private static ResponseHead parse(String head) throws ResponseHead.MalformedException {
    byte[] b = head.getBytes(ISO_8859_1);
    int end = ResponseHead.end(b, 0, b.length);
    assertThat(end).as("end of head").isEqualTo(b.length);
    return ResponseHead.parse(b, end);
  }

  private static int end(String bytes, int from) {
    byte[] b = bytes.getBytes(ISO_8859_1);
    return ResponseHead.end(b, from, b.length);
  }

  @Test
  void theHeadEndsAtTheFirstEmptyLineWithCrLfOrABareLf() {
    assertThat(end("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody", 0)).isEqualTo(25);
    assertThat(end("HTTP/1.1 200 OK\nA: b\n\nbody", 0)).isEqualTo(22);
    assertThat(end("HTTP/1.1 200 OK\r\nA: b\r\n\r", 0)).isEqualTo(-1);
    // Scanning again from where the last read ended (less three bytes) finds an end split across reads.
    assertThat(end("HTTP/1.1 200 OK\r\nA: b\r\n\r\n", 22)).isEqualTo(25);
  }

  @Test
  void statusVersionAndFieldsInTheirOrder() throws Exception {
    ResponseHead h = parse("HTTP/1.1 404 Not Found\r\nServer: x\r\nVary: a\r\nVary: b\r\n\r\n");
    assertThat(h.status()).isEqualTo(404);
    assertThat(h.http11()).isTrue();
    assertThat(h.size()).isEqualTo(3);
    assertThat(h.name(1)).isEqualTo(Headers.VARY);
    assertThat(h.all(Headers.VARY)).containsExactly("a", "b");
    assertThat(h.first(new HttpString("server"))).isEqualTo("x");
    assertThat(parse("HTTP/1.0 200\r\n\r\n").http11()).isFalse();
  }

  @Test
  void fieldLinesGoOnAsReceivedWithTheirValuesTrimmed() throws Exception {
    // CR LF or a bare LF, no space after the colon or several, the name's case as it came.
    ResponseHead h = parse("HTTP/1.1 200 OK\r\nx-Lower-Case:  padded \t\r\nTight:1\nEmpty:\r\nSet-Cookie: a=1\r\n\r\n");
    ByteBuffer out = ByteBuffer.allocateDirect(h.fieldBytes());
    for (int i = 0; i < h.size(); i++) h.putField(i, out);
    out.flip();

    assertThat(h.verbatim()).isTrue();
    assertThat(ISO_8859_1.decode(out).toString())
        .isEqualTo("x-Lower-Case: padded\r\nTight: 1\r\nEmpty: \r\nSet-Cookie: a=1\r\n");
    assertThat(h.value(0)).isEqualTo("padded");
    assertThat(h.has(new HttpString("tight"))).isTrue();
    assertThat(h.has(Headers.DATE)).isFalse();
  }

  @Test
  void aFoldedValueIsOneValueAndTheLinesAreNoLongerVerbatim() throws Exception {
    ResponseHead h = parse("HTTP/1.1 200 OK\r\nX-Folded: first\r\n  second\r\nA: b\r\n\r\n");
    assertThat(h.value(0)).isEqualTo("first second");
    assertThat(h.value(1)).isEqualTo("b");
    assertThat(h.verbatim()).isFalse();
  }

  @Test
  void theHeadKeepsItsOwnBytesWhenTheReadBufferIsReused() throws Exception {
    byte[] b = "HTTP/1.1 200 OK\r\nA: b\r\n\r\n".getBytes(ISO_8859_1);
    ResponseHead h = ResponseHead.parse(b, b.length);
    java.util.Arrays.fill(b, (byte) 'x');
    assertThat(h.value(0)).isEqualTo("b");
  }

  @Test
  void commonFieldNamesAreTheSharedConstantsWhateverTheirCase() throws Exception {
    ResponseHead h = parse("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nX-Own: 1\r\nConnection: keep-alive\r\n"
        + "Server: nginx\r\nDate: x\r\nContent-Type: a/b\r\nLast-Modified: y\r\nETag: \"1\"\r\n"
        + "Cache-Control: no-store\r\nAccept-Ranges: bytes\r\n\r\n");
    assertThat(h.name(0)).isSameAs(Headers.CONTENT_LENGTH);
    HttpString[] constants = {Headers.CONNECTION, Headers.SERVER, Headers.DATE, Headers.CONTENT_TYPE,
        Headers.LAST_MODIFIED, Headers.ETAG, Headers.CACHE_CONTROL, Headers.ACCEPT_RANGES};
    for (int i = 0; i < constants.length; i++) assertThat(h.name(i + 2)).isSameAs(constants[i]);
    assertThat(h.name(1)).isEqualTo(new HttpString("x-own"));
  }

  @Test
  void valuesLoseSurroundingWhitespaceAndAFoldedLineBecomesOneSpace() throws Exception {
    ResponseHead h = parse("HTTP/1.1 200 OK\r\nX-A: \t one two \r\nX-Folded: a\r\n   b\r\n\r\n");
    assertThat(h.first(new HttpString("X-A"))).isEqualTo("one two");
    assertThat(h.first(new HttpString("X-Folded"))).isEqualTo("a b");
  }

  @Test
  void onlyOneHundredsOtherThan101AreInterimAndNoCodeBelow100Parses() throws Exception {
    assertThat(parse("HTTP/1.1 100 Continue\r\n\r\n").interim()).isTrue();
    assertThat(parse("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n").interim()).isTrue();
    assertThat(parse("HTTP/1.1 199 Odd\r\n\r\n").interim()).isTrue();
    assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").interim()).isFalse();
    assertThat(parse("HTTP/1.1 999 Odd\r\n\r\n").interim()).isFalse();
    assertThatThrownBy(() -> parse("HTTP/1.1 099 Odd\r\n\r\n")).hasMessageContaining("below 100");
    assertThatThrownBy(() -> parse("HTTP/1.1 000 Odd\r\n\r\n")).hasMessageContaining("below 100");
    assertThatThrownBy(() -> parse("HTTP/1.1 101 Switching Protocols\r\n\r\n")).hasMessageContaining("never asked");
    // Asked for, a 101 is the final answer: the connection switches after it.
    byte[] switched = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".getBytes(ISO_8859_1);
    ResponseHead h = ResponseHead.parse(switched, switched.length, true);
    assertThat(h.interim()).isFalse();
    assertThat(h.first(Headers.UPGRADE)).isEqualTo("websocket");
  }

  @Test
  void aHeadThatBreaksTheSyntaxIsMalformed() {
    for (String bad : new String[] {
        "HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo colon\r\n\r\n", "HTTP/1.1 200 OK\r\nSpace before : colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: no name\r\n\r\n", "HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: bare\rcr\r\n\r\n", "HTTP/1.1 200 OK\r\nX-A: nul\0\r\n\r\n"}) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(ResponseHead.MalformedException.class);
    }
  }

  @Test
  void lineEndsAndForbiddenBytesAreFoundAtEveryOffsetOfTheEightByteScan() throws Exception {
    for (int pad = 0; pad < 17; pad++) {
      String value = "v".repeat(pad) + "\u00e9x";   // obs-text (a byte over 0x7f) is allowed
      ResponseHead ok = parse("HTTP/1.1 200 OK\r\nX-Pad: " + value + "\r\nX-Next: n\n\r\n");
      assertThat(ok.first(new HttpString("X-Pad"))).isEqualTo(value);
      assertThat(ok.first(new HttpString("X-Next"))).isEqualTo("n");
      for (String bad : new String[] {"\0", "\r"}) {
        String head = "HTTP/1.1 200 OK\r\nX-Pad: " + "v".repeat(pad) + bad + "w\r\n\r\n";
        assertThatThrownBy(() -> parse(head)).as("pad %d", pad).isInstanceOf(ResponseHead.MalformedException.class);
      }
      String split = "HTTP/1.1 200 OK\r\nX-Pad: " + "v".repeat(pad) + "\r\n\r\nbody";
      assertThat(end(split, 0)).as("pad %d", pad).isEqualTo(split.length() - 4);
    }
  }

  @Test
  void contentLengthIsOneNumberOrTheSameNumberRepeated() throws Exception {
    ResponseHead repeated = parse("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n");
    assertThat(repeated.contentLength()).isEqualTo(5);
    assertThat(repeated.contentLengthDigits()).as("what the client is sent").isEqualTo("5");
    assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").contentLengthDigits()).isNull();
    for (String bad : new String[] {"5, 6", "-1", "", "0x10", "1e3", "99999999999999999999"}) {
      assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: " + bad + "\r\n\r\n")).as(bad)
          .isInstanceOf(ResponseHead.MalformedException.class);
    }
  }

  @Test
  void framingFollowsRfc9112Section6_3() throws Exception {
    ResponseHead length = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
    assertThat(length.framing(Methods.GET)).isEqualTo(ResponseHead.Framing.LENGTH);
    assertThat(length.framing(Methods.HEAD)).isEqualTo(ResponseHead.Framing.NONE);
    assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n").framing(Methods.GET)).isEqualTo(ResponseHead.Framing.NONE);
    assertThat(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n").framing(Methods.GET))
        .isEqualTo(ResponseHead.Framing.NONE);
    ResponseHead chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nContent-Length: 3\r\n\r\n");
    assertThat(chunked.framing(Methods.GET)).isEqualTo(ResponseHead.Framing.CHUNKED);
    assertThat(chunked.contentLength()).as("Transfer-Encoding overrides Content-Length").isEqualTo(-1);
    assertThat(chunked.contentLengthDigits()).isNull();
    assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").framing(Methods.GET))
        .isEqualTo(ResponseHead.Framing.UNTIL_CLOSE);
    assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").framing(Methods.GET)).isEqualTo(ResponseHead.Framing.UNTIL_CLOSE);
  }

  @Test
  void onlyAnHttp11AnswerWithAKnownEndAndNoCloseKeepsTheConnection() throws Exception {
    assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
        .keepsConnection(Methods.GET)).isTrue();
    assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").keepsConnection(Methods.GET)).isTrue();
    assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Upgrade, Close\r\n\r\n")
        .keepsConnection(Methods.GET)).isFalse();
    assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepsConnection(Methods.GET)).isFalse();
    assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").keepsConnection(Methods.GET)).as("ends at the close").isFalse();
    assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").keepsConnection(Methods.HEAD)).as("no body to a HEAD").isTrue();
    assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")
        .keepsConnection(Methods.GET)).as("both framings: perhaps smuggling").isFalse();
  }

  /**
   * Whatever bytes a replica sends, the head either parses or is refused as malformed (a 502): never another
   * exception, which would reach the client as the edge's own 500. Valid heads mutated at random (bytes replaced,
   * inserted, cut short), with a fixed seed so that a failure repeats.
   */
  @Test
  void anyBytesEitherParseOrAreRefusedAsMalformed() {
    String[] valid = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\nETag: \"x\"\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close, X-A\r\n\r\n",
        "HTTP/1.0 304 Not Modified\nContent-Length: 1, 1\nX-Folded: a\n b\n\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"};
    byte[] special = {'\r', '\n', ':', ' ', '\t', ',', 0, (byte) 0xff, '0', '9', 'H', '/', '.'};
    Random random = new Random(20261126);
    int parsed = 0;
    int refused = 0;
    for (int n = 0; n < 20_000; n++) {
      byte[] b = ByteMutations.mutate(valid[random.nextInt(valid.length)].getBytes(ISO_8859_1), 1 + random.nextInt(4),
          special, random);
      int from = random.nextInt(b.length + 1);
      int end = ResponseHead.end(b, from, b.length);
      if (end != -1) assertThat(end).as("end of %s from %d", new String(b, ISO_8859_1), from).isBetween(from + 1, b.length);
      int whole = ResponseHead.end(b, 0, b.length);
      if (whole < 0) continue;
      try {
        ResponseHead h = ResponseHead.parse(b, whole);
        assertThat(h.status()).isBetween(100, 999).isNotEqualTo(101);
        h.framing(Methods.GET);
        h.keepsConnection(Methods.HEAD);
        assertThat(h.contentLength()).isGreaterThanOrEqualTo(-1);
        h.connectionNamed();
        parsed++;
      } catch (ResponseHead.MalformedException e) {
        refused++;
      }
    }
    assertThat(parsed).as("some mutated heads still parse").isPositive();
    assertThat(refused).as("some are refused").isPositive();
  }
}
