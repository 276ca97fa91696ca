package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Field lines RFC 9112 §5.1 says a server must refuse (whitespace in a name or before its colon, no colon) get 400
 * and never reach the origin in another shape; the same bytes inside a body are the body's and go on whole.
 */
class FieldLineIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  /** Everything the edge sends back to {@code request} until it closes the connection. */
  private String sendUntilClosed(String request) throws IOException {
    return RawHttp.sendUntilClosed(t.edge.port(), request);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "X-Bad : 1          | whitespace in a field name or before its colon",
      "X-Bad\t: 1         | whitespace in a field name or before its colon",
      "X Bad: 1           | whitespace in a field name or before its colon",
      "Content-Length : 0 | whitespace in a field name or before its colon",
      "Host : b           | whitespace in a field name or before its colon",
      "X-Bad              | a field line without a colon",
      "X(Bad): 1          | a field name with a character that is not allowed",
      ": 1                | a field line with no name"})
  void aMalformedFieldLineGets400SayingWhyAndNeverReachesTheOrigin(String line, String why) throws Exception {
    assertRefusedSayingWhy("GET /f HTTP/1.1\r\nHost: a\r\n" + line + "\r\n\r\n", why);
  }

  /** {@code request} gets a 400 whose text is {@code why}, its connection closes, and the origin sees nothing. */
  private void assertRefusedSayingWhy(String request, String why) throws Exception {
    t.origin.always(Reply.ok("x"));
    ParserRefusalIntegrationTest.assertAnsweredThenClosed(t, request, 400, "malformed request: " + why);
  }

  /**
   * A request whose body length can't be known for certain gets a 400 that says why, and nothing reaches the origin
   * (RFC 9112 §6.3: a server must refuse it; proxies that disagree on where a body ends let requests be smuggled,
   * §11.2). Before, the edge passed a {@code Transfer-Encoding: identity} request on, its body read up to the
   * connection's end. Field lines are written here apart by " ~ ".
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Content-Length: 5 ~ Transfer-Encoding: chunked | both Transfer-Encoding and Content-Length",
      "Content-Length: 5 ~ Content-Length: 5         | more than one Content-Length",
      "Content-Length: 5x                            | a Content-Length that is not a number",
      "Transfer-Encoding: identity                   | a Transfer-Encoding whose last coding is not chunked",
      "Transfer-Encoding: chunked, gzip              | a Transfer-Encoding whose last coding is not chunked"})
  void aBodyOfUncertainLengthGets400SayingWhyAndNeverReachesTheOrigin(String lines, String why) throws Exception {
    assertRefusedSayingWhy("POST /f HTTP/1.1\r\nHost: a\r\n" + lines.replace(" ~ ", "\r\n")
        + "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", why);
  }

  /**
   * A head of uncertain body length longer than a read (16 KiB), its framing field in the first read: that field's
   * line has gone up to Undertow's parser, so the head's empty line is turned instead, and the 400 says why all the
   * same. Nothing reaches the origin.
   */
  @Test
  void aBodyOfUncertainLengthInAHeadOfManyReadsGets400SayingWhy() throws Exception {
    String padding = ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(20);
    assertRefusedSayingWhy("POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n" + padding
        + "\r\nhello", "a Transfer-Encoding whose last coding is not chunked");
  }

  /**
   * The same with bare LFs as line ends (RFC 9112 §2.2 lets a server take them): the empty line is one LF, which
   * turned would leave the parser waiting for the line's end, so the connection is closed with no answer. Nothing
   * reaches the origin.
   */
  @Test
  void theSameWithBareLineFeedsClosesTheConnection() throws Exception {
    t.origin.always(Reply.ok("x"));
    String padding = ("X-Pad: " + "p".repeat(1000) + "\n").repeat(20);

    String answer = sendUntilClosed("POST /f HTTP/1.1\nHost: a\nTransfer-Encoding: identity\n" + padding
        + "\nhello");

    assertThat(answer).isEmpty();
    assertThat(t.origin.requestCount()).isZero();
  }

  /** Sends {@code request}, whose body is {@code body}, and another request after it on the same connection. */
  private void assertBodyGoesOnWhole(String request, String body) throws Exception {
    t.origin.always(Reply.ok("got it").header("Cache-Control", "no-store"));

    List<String> answers = RawHttp.exchanges(t.edge.port(), null, request, "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 200"));
    assertThat(new String(t.origin.takeRequest().body(), ISO_8859_1)).isEqualTo(body);
    assertThat(t.origin.takeRequest().target()).isEqualTo("/after");
  }

  @Test
  void suchLinesInABodyOfDeclaredLengthGoOnWhole() throws Exception {
    String body = "X Bad: 1\r\nX-Bad : 2\r\nno colon\r\n";
    assertBodyGoesOnWhole("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, body);
  }

  @Test
  void suchLinesInAChunkedBodyGoOnWhole() throws Exception {
    String chunk = "X Bad: 1\r\n";
    assertBodyGoesOnWhole("POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(chunk.length()) + ";note=x\r\n" + chunk + "\r\n0\r\nX-Trailer: t\r\n\r\n", chunk);
  }

  @Test
  void theRequestBeforeAMalformedOneIsAnsweredThenTheConnectionCloses() throws Exception {
    t.origin.always(Reply.ok("first").header("Cache-Control", "no-store"));

    String answers = sendUntilClosed("GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
        + "GET /second HTTP/1.1\r\nHost: a\r\nX Bad: 1\r\n\r\n");

    assertThat(answers).startsWith("HTTP/1.1 200").contains("first");
    assertThat(answers.indexOf("HTTP/1.1 200", 1)).as("a second 200 in %s", answers).isNegative();
    assertThat(t.origin.requestCount()).isEqualTo(1);
    assertThat(t.origin.takeRequest().target()).isEqualTo("/first");
  }
}
