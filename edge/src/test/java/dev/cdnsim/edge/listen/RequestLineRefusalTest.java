package dev.cdnsim.edge.listen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestLineRefusalTest {
  private static final String SHAPE =
      "malformed request: a request line that is not a method, a target and an HTTP version apart by single spaces";

  private static Refusal of(String line) {
    String kept = line.substring(0, Math.min(line.length(), FieldLineCheck.MAX_REQUEST_LINE));
    return RequestLineRefusal.of(kept, line.length(), line.substring(Math.max(0, line.length() - 8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET / HTTP/1.1", "GET / HTTP/1.0", "OPTIONS * HTTP/1.1", "CONNECT a:443 HTTP/1.1",
      "M-SEARCH /a?b=c&d=%20 HTTP/1.1", "GET http://a/b HTTP/1.1"})
  void aWellFormedLineHasNoRefusal(String line) {
    assertThat(of(line)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "GET /", "GET / ", "GET /  HTTP/1.1", "GET  / HTTP/1.1", "G T / HTTP/1.1",
      "GET / HTTP/1.1 extra", "GET /a b HTTP/1.1", "GET\t/\tHTTP/1.1", " GET / HTTP/1.1"})
  void aLineNotOfThreePartsApartBySingleSpacesIsNamedSo(String line) {
    assertThat(of(line)).isEqualTo(new Refusal(400, SHAPE));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GE(T / HTTP/1.1 | a method with a character that is not allowed",
      "G\u0001T / HTTP/1.1 | a method with a character that is not allowed",
      "GET /{x} HTTP/1.1 | a request target with a character that is not allowed ('{'); percent-encode it",
      "GET /a\u007fb HTTP/1.1 | a request target with a character that is not allowed (0x7F); percent-encode it",
      "GET / http/1.1 | an HTTP version that is not of the form HTTP/1.1",
      "GET / HTTP/1.1x | an HTTP version that is not of the form HTTP/1.1",
      "GET / HTTP/1 | an HTTP version that is not of the form HTTP/1.1"})
  void aMalformedPartIsNamed(String line, String why) {
    assertThat(of(line)).isEqualTo(Refusal.malformed(why));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/1.2", "HTTP/0.9"})
  void aVersionOtherThan10Or11Gets505(String version) {
    Refusal refusal = of("GET / " + version);

    assertThat(refusal.status()).isEqualTo(505);
    assertThat(refusal.text()).startsWith("HTTP version not supported: " + version + " ");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"HTTP/1.1 |", "HTTP/3.0 | 505", "HTTP/1.x | 400"})
  void aLineLongerThanWhatIsKeptIsJudgedByItsStartAndItsLastEightBytes(String version, Integer status) {
    String line = "GET /" + "a".repeat(FieldLineCheck.MAX_REQUEST_LINE) + " " + version;

    Refusal refusal = of(line);

    assertThat(refusal == null ? null : refusal.status()).isEqualTo(status);
    assertThat(of("GET /{" + "a".repeat(FieldLineCheck.MAX_REQUEST_LINE) + " HTTP/1.1").text())
        .contains("('{')");
  }
}
