package dev.cdnsim.edge.listen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldLineCheckTest {
  private static final String GET = "GET /a HTTP/1.1\r\nHost: a\r\n";

  /** Where the check finds the first byte to refuse, fed {@code stream} whole, or -1. */
  private static int whole(String stream) {
    ByteBuffer b = ByteBuffer.wrap(stream.getBytes(ISO_8859_1));
    return new FieldLineCheck().check(b, 0, b.limit());
  }

  /** The same, fed a byte at a time, as the socket may hand it over ({@link FieldLineCheck#CLOSE} too). */
  private static int byteByByte(String stream) {
    ByteBuffer b = ByteBuffer.wrap(stream.getBytes(ISO_8859_1));
    FieldLineCheck check = new FieldLineCheck();
    for (int i = 0; i < b.limit(); i++) {
      int found = check.check(b, i, i + 1);
      if (found != -1) return found;
    }
    return -1;
  }

  private static void assertRefusedAt(String stream, String before) {
    assertEquals(before.length(), whole(stream), stream);
    assertEquals(before.length(), byteByByte(stream), stream);
  }

  private static void assertPasses(String stream) {
    assertEquals(-1, whole(stream), stream);
    assertEquals(-1, byteByByte(stream), stream);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "X-Bad : 1|X-Bad",             // whitespace before the colon (RFC 9112 §5.1)
      "X-Bad\t: 1|X-Bad",
      "X Bad: 1|X",                  // whitespace in the name
      "X-Bad|X-Bad",                 // no colon: the line's end is the offending byte
      ": 1|",                        // no name
      "X(Bad): 1|X",                 // a separator in the name
      "Content-Length : 5|Content-Length"})
  void aMalformedFieldLineIsFoundAtItsFirstBadByte(String line, String nameBefore) {
    String stream = GET + line + "\r\n\r\n";
    assertRefusedAt(stream, GET + (nameBefore == null ? "" : nameBefore));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      GET + "\r\n",
      GET + "X-Tab:\tv\r\nX-Empty:\r\nX-Colons: a: b\r\n\r\n",
      GET + "X-Folded: a\r\n  b\r\n\r\n",                       // obs-fold, which Undertow joins
      "\r\n" + GET + "\r\n",                                    // an empty line before the request
      "GET / HTTP/1.0\nHost: a\n\n",                            // bare LFs
      GET + "\r\n" + GET + "\r\n" + GET + "\r\n"})              // pipelined
  void wellFormedHeadsPass(String stream) {
    assertPasses(stream);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 14", "content-length:14 "})
  void aBodyOfDeclaredLengthIsNotReadAsFieldLines(String length) {
    String body = "X Bad\r\n: no!\r\n";   // 14 bytes that would be refused in a head
    assertEquals(14, body.length());
    assertPasses("POST /a HTTP/1.1\r\nHost: a\r\n" + length + "\r\n\r\n" + body + GET + "\r\n");
    // and the request after the body is checked again
    String next = GET + "X Bad: 1\r\n\r\n";
    String stream = "POST /a HTTP/1.1\r\nHost: a\r\n" + length + "\r\n\r\n" + body + next;
    assertRefusedAt(stream, stream.substring(0, stream.length() - " Bad: 1\r\n\r\n".length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked", "gzip, chunked", "Chunked"})
  void aChunkedBodyIsFollowedToItsEnd(String codings) {
    String body = "7;ext=1\r\nX Bad\r\n\r\n2\r\n: \r\n0\r\nX-Trailer: 1\r\n\r\n";
    String head = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + codings + "\r\n\r\n";
    assertPasses(head + body + GET + "\r\n");
    String stream = head + body + GET + "X Bad: 1\r\n\r\n";
    assertRefusedAt(stream, head + body + GET + "X");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      GET + "Connection: upgrade\r\nUpgrade: websocket\r\n\r\n",   // the connection may become a tunnel
      "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",                         // HTTP/2's preface
      "GET /\r\n",                                               // HTTP/0.9: no head
      GET + "Content-Length: 5\r\n 6\r\n\r\n",                   // a length folded over two lines
      GET + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"})          // not a chunk size
  void whatItCannotFollowItLeavesToUndertow(String stream) {
    String after = stream + "X Bad: 1\r\n\r\n";
    assertPasses(after);
    FieldLineCheck check = new FieldLineCheck();
    ByteBuffer b = ByteBuffer.wrap(after.getBytes(ISO_8859_1));
    check.check(b, 0, b.limit());
    assertTrue(check.unfollowed(), after);
  }

  /**
   * A head whose body length can't be known for certain is refused at the name of its last Content-Length or
   * Transfer-Encoding field (turning that byte makes Undertow's parser refuse the head), and why is kept. Field
   * lines are written here apart by " ~ ".
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Content-Length: 5 ~ Transfer-Encoding: chunked | Transfer-Encoding | both Transfer-Encoding and Content-Length",
      "Transfer-Encoding: chunked ~ Content-Length: 5 | Content-Length    | both Transfer-Encoding and Content-Length",
      "Content-Length: 5 ~ Content-Length: 6         | Content-Length    | more than one Content-Length",
      "Content-Length: 5 ~ content-length: 5         | content-length    | more than one Content-Length",
      "Content-Length: x                               | Content-Length    | a Content-Length that is not a number",
      "Content-Length: -1                              | Content-Length    | a Content-Length that is not a number",
      "Transfer-Encoding: identity                     | Transfer-Encoding | a Transfer-Encoding whose last coding is not chunked",
      "Transfer-Encoding: chunked, gzip                | Transfer-Encoding | a Transfer-Encoding whose last coding is not chunked",
      "Transfer-Encoding: chunked ~ Transfer-Encoding: gzip | Transfer-Encoding | a Transfer-Encoding whose last coding is not chunked"})
  void aHeadWhoseBodyLengthIsUncertainIsRefusedAtItsLastFramingField(String lines, String lastName, String why) {
    String fields = lines.replace(" ~ ", "\r\n");
    String stream = "POST /a HTTP/1.1\r\nHost: a\r\n" + fields + "\r\nX-After: 1\r\n\r\nhello";
    FieldLineCheck check = new FieldLineCheck();
    ByteBuffer b = ByteBuffer.wrap(stream.getBytes(ISO_8859_1));
    assertEquals(stream.lastIndexOf(lastName + ":"), check.check(b, 0, b.limit()), stream);
    assertEquals(Refusal.malformed(why), check.inPlaceOfUndertows400(200, 256 * 1024));
    // Its line in an earlier read than the head's end: the empty line's first byte is turned instead.
    int after = stream.indexOf("X-After");
    FieldLineCheck split = new FieldLineCheck();
    assertEquals(-1, split.check(b, 0, after), stream);
    assertEquals(stream.indexOf("\r\n\r\n") + 2, split.check(b, after, b.limit()), stream);
    assertEquals(Refusal.malformed(why), split.inPlaceOfUndertows400(200, 256 * 1024));
    // The empty line split between reads too: nothing left to turn; the connection is to close.
    assertEquals(FieldLineCheck.CLOSE, byteByByte(stream), stream);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Transfer-Encoding: gzip, chunked", "Transfer-Encoding: gzip ~ Transfer-Encoding: chunked",
      "Content-Length: 0"})
  void aHeadWhoseBodyLengthIsCertainPasses(String lines) {
    String fields = lines.replace(" ~ ", "\r\n");
    String body = fields.startsWith("Transfer") ? "0\r\n\r\n" : "";
    assertPasses("POST /a HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n\r\n" + body + GET + "\r\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void itReadsFromWhereItIsToldInADirectBuffer(int offset) {
    byte[] bytes = (GET + "X Bad: 1\r\n\r\n").getBytes(ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + offset);
    b.position(offset);
    b.put(bytes);
    assertEquals(offset + GET.length() + 1, new FieldLineCheck().check(b, offset, b.position()));
  }

  @Test
  void itKeepsTheRefusedRequestsLineForTheLogCutToItsLimit() {
    FieldLineCheck check = new FieldLineCheck();
    String stream = GET + "\r\nPOST /b?x=1 HTTP/1.1\r\nX Bad: 1\r\n\r\n";
    ByteBuffer b = ByteBuffer.wrap(stream.getBytes(ISO_8859_1));
    assertTrue(check.check(b, 0, b.limit()) > 0);
    assertEquals("POST /b?x=1 HTTP/1.1", check.requestLine());

    String target = "/" + "t".repeat(2 * FieldLineCheck.MAX_REQUEST_LINE);
    FieldLineCheck longOne = new FieldLineCheck();
    ByteBuffer l = ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nX Bad: 1\r\n\r\n").getBytes(ISO_8859_1));
    assertTrue(longOne.check(l, 0, l.limit()) > 0);
    assertEquals(("GET " + target).substring(0, FieldLineCheck.MAX_REQUEST_LINE), longOne.requestLine());
  }

  /**
   * Well-formed requests at random, pipelined on one connection (fields with odd but valid names and values, bodies
   * of declared length or chunked, made of bytes that would be refused in a head), handed over in pieces split at
   * random: never a refusal, and the check still following at the end. A fixed seed, so a failure repeats.
   */
  @Test
  void wellFormedPipelinedRequestsInRandomPiecesAreNeverRefused() {
    java.util.Random random = new java.util.Random(20261127);
    String[] names = {"Host", "X-Custom-Field", "accept", "If-None-Match", "x!#$%&'*+-.^_`|~9", "Cookie", "Via"};
    String[] values = {"", "a", "x: y", "a b\tc", "\"quoted, value\"", "ü-latin1-é", "  padded  "};
    String[] junk = {"X Bad: 1\r\n", ": no name\r\n", "\r\n\r\n", "GET / HTTP/1.1\r\n", "0\r\n\r\n", "zz"};
    for (int connection = 0; connection < 200; connection++) {
      StringBuilder stream = new StringBuilder();
      for (int request = 1 + random.nextInt(4); request > 0; request--) {
        stream.append(random.nextBoolean() ? "GET" : "POST").append(" /r").append(random.nextInt(100))
            .append(random.nextBoolean() ? " HTTP/1.1\r\n" : " HTTP/1.0\n");
        for (int f = random.nextInt(6); f > 0; f--) {
          stream.append(names[random.nextInt(names.length)]).append(':')
              .append(values[random.nextInt(values.length)]).append("\r\n");
          if (random.nextInt(10) == 0) stream.append("\t folded on\r\n");
        }
        StringBuilder body = new StringBuilder();
        for (int j = random.nextInt(4); j > 0; j--) body.append(junk[random.nextInt(junk.length)]);
        switch (random.nextInt(3)) {
          case 0 -> stream.append("\r\n");
          case 1 -> stream.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
          default -> {
            stream.append("Transfer-Encoding: gzip, chunked\r\n\r\n");
            for (int at = 0; at < body.length(); ) {
              int size = Math.min(body.length() - at, 1 + random.nextInt(8));
              stream.append(Integer.toHexString(size)).append(random.nextBoolean() ? ";ext=\"v\"" : "").append("\r\n")
                  .append(body, at, at + size).append("\r\n");
              at += size;
            }
            stream.append("0\r\n").append(random.nextBoolean() ? "X-Trailer: t\r\n" : "").append("\r\n");
          }
        }
      }
      ByteBuffer b = ByteBuffer.wrap(stream.toString().getBytes(ISO_8859_1));
      FieldLineCheck check = new FieldLineCheck();
      for (int from = 0; from < b.limit(); ) {
        int to = Math.min(b.limit(), from + 1 + random.nextInt(40));
        assertEquals(-1, check.check(b, from, to), stream.toString());
        from = to;
      }
      assertTrue(!check.unfollowed(), "stopped following " + stream);
    }
  }

  /** What the check says in place of Undertow's 400 after it saw {@code stream} in reads of {@code read} bytes. */
  private static Refusal inPlaceOfUndertows400(String stream, int read) {
    ByteBuffer b = ByteBuffer.wrap(stream.getBytes(ISO_8859_1));
    FieldLineCheck check = new FieldLineCheck();
    for (int from = 0; from < b.limit(); from += read) check.check(b, from, Math.min(b.limit(), from + read));
    return check.inPlaceOfUndertows400(200, 256 * 1024);
  }

  @Test
  void itsOwnFindingIsTheReasonForUndertows400() {
    assertEquals(Refusal.malformed("whitespace in a field name or before its colon"),
        inPlaceOfUndertows400(GET + "X Bad: 1\r\n\r\n", 16384));
  }

  @Test
  void moreFieldLinesThanUndertowTakesAreNamedWith431() {
    String fields = "X-F: 1\r\n".repeat(201);

    assertEquals(Refusal.tooLarge("more than 200 fields"),
        inPlaceOfUndertows400(GET + fields + "\r\n", 16384));
    assertEquals(Refusal.tooLarge("more than 200 fields"),
        inPlaceOfUndertows400(GET + ("X-Pad: " + "p".repeat(100) + "\r\n").repeat(300) + "\r\n", 16384));
  }

  /** Undertow's parser refuses a head past its size limit while the head is still coming, read after read. */
  @Test
  void aHeadPastUndertowsLimitIsNamedWith431() {
    String fields = ("X-Pad: " + "p".repeat(2000) + "\r\n").repeat(150);

    assertEquals(Refusal.tooLarge("a head of more than 262144 bytes"),
        inPlaceOfUndertows400(GET + fields, 16384));
  }

  @Test
  void aMalformedRequestLineIsTheReasonWhenNothingElseIs() {
    assertEquals(Refusal.malformed("a method with a character that is not allowed"),
        inPlaceOfUndertows400("GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", 7));
  }

  @Test
  void whenNothingIsKnownTheReasonSaysSo() {
    assertEquals(Refusal.malformed(FieldLineCheck.UNKNOWN),
        inPlaceOfUndertows400(GET + "\r\n", 16384));
  }
}
