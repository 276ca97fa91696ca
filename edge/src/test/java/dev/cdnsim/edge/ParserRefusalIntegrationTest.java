package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that Undertow refuses before the edge's handlers see them (its parser, its Host check) get an answer that
 * says why, where Undertow sends a bare 400 or one with only a reason phrase, and nothing reaches the origin.
 */
class ParserRefusalIntegrationTest {
  private static final String SHAPE =
      "malformed request: a request line that is not a method, a target and an HTTP version apart by single spaces";
  private final EdgeUnderTest t = new EdgeUnderTest();

  @BeforeEach
  void originAnswers() {
    t.origin.always(Reply.ok("x"));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** Sends {@code request} and asserts the answer: {@code status} and the one line {@code text}, then the close. */
  private void assertAnswered(String request, int status, String text) throws IOException {
    assertAnsweredThenClosed(t, request, status, text);
  }

  /**
   * Sends {@code request} to {@code t}'s edge and asserts the answer: {@code status} and the one line {@code text},
   * then the close; and that the origin saw nothing.
   */
  static void assertAnsweredThenClosed(EdgeUnderTest t, String request, int status, String text) throws IOException {
    String answer = RawHttp.sendUntilClosed(t.edge.port(), request);
    String body = text + "\n";
    assertThat(answer).startsWith("HTTP/1.1 " + status + " ")
        .contains("\r\nContent-Length: " + body.length() + "\r\n").contains("\r\nConnection: close\r\n")
        .endsWith("\r\n\r\n" + body);
    assertThat(t.origin.requestCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GE(T /r HTTP/1.1      | malformed request: a method with a character that is not allowed",
      "GET /r{x} HTTP/1.1    | malformed request: a request target with a character that is not allowed ('{');"
          + " percent-encode it",
      "GET /r http/1.1       | malformed request: an HTTP version that is not of the form HTTP/1.1",
      "GET /r HTTP/1.1x      | malformed request: an HTTP version that is not of the form HTTP/1.1"})
  void aMalformedRequestLineGets400SayingWhy(String line, String text) throws IOException {
    assertAnswered(line + "\r\nHost: a\r\n\r\n", 400, text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'GET /r  HTTP/1.1'", "'GET /r HTTP/1.1 '", "'GET /r'", "'GET /a b HTTP/1.1'",
      "'GET\t/r\tHTTP/1.1'"})
  void aRequestLineNotOfThreePartsGets400SayingSo(String line) throws IOException {
    assertAnswered(line + "\r\nHost: a\r\n\r\n", 400, SHAPE);
  }

  @ParameterizedTest
  @CsvSource({"HTTP/2.0", "HTTP/3.0"})
  void aVersionTheEdgeDoesNotSpeakGets505(String version) throws IOException {
    assertAnswered("GET /r " + version + "\r\nHost: a\r\n\r\n", 505, "HTTP version not supported: " + version
        + " (the edge speaks HTTP/1.0 and HTTP/1.1 here, HTTP/2 only over TLS)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GET /r HTTP/1.1~                   | a request without a Host field",
      "GET /r HTTP/1.1~Host: a~Host: b~   | more than one Host field",
      "GET /r HTTP/1.1~Host: a:99999~     | a Host field whose port is not a number from 1 to 65535",
      "GET /r HTTP/1.1~Host: a b~         | a Host field with a character that is not allowed",
      "GET http://b/r HTTP/1.1~Host: a~   | a Host field that differs from the host of the absolute-form target"})
  void aBadHostGets400SayingWhy(String head, String why) throws IOException {
    assertAnswered(head.replace("~", "\r\n") + "\r\n", 400, "malformed request: " + why);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "201 | 1    | request header fields too large: more than 200 fields",
      "140 | 2000 | request header fields too large: a head of more than 262144 bytes"})
  void aHeadPastTheParsersLimitsGets431SayingWhich(int fields, int valueBytes, String text) throws IOException {
    StringBuilder head = new StringBuilder("GET /r HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < fields; i++) head.append("X-F").append(i).append(": ").append("v".repeat(valueBytes))
        .append("\r\n");
    assertAnswered(head.append("\r\n").toString(), 431, text);
  }
}
