package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code --proxy-protocol}, a connection has the client timeout (1 s here) to send its PROXY header whole, as it
 * has to send a request head: one that sends part of a header, or none, is closed instead of held until it goes
 * away. A connection whose header came keeps no deadline from it.
 */
class ProxyHeaderDeadlineIntegrationTest {
  private static final int TIMEOUT_MILLIS = 1000;
  private static final String HEADER = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n";
  private final EdgeUnderTest t = new EdgeUnderTest(
      o -> o.withProxyProtocol().withClientTimeout(Duration.ofMillis(TIMEOUT_MILLIS)));

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aConnectionThatSendsPartOfItsHeaderIsClosed() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write("PROX".getBytes(US_ASCII));
      assertThat(RawHttp.readUntilClosed(s.getInputStream())).isEmpty();
    }
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket s = connect()) {
      assertThat(RawHttp.readUntilClosed(s.getInputStream())).isEmpty();
    }
  }

  @Test
  void aConnectionWhoseHeaderCameLivesPastTheHeaderDeadline() throws Exception {
    t.origin.always(Reply.ok("hi").header("Cache-Control", "no-store"));
    try (Socket s = connect()) {
      long accepted = System.nanoTime();
      s.getOutputStream().write((HEADER + request()).getBytes(US_ASCII));
      assertThat(RawHttp.readAnswer(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("hi");
      // Requests 0.4 s apart (each gap under the idle timeout) until well past the header's deadline: each one is
      // answered, where a deadline left running would have closed the connection 1 s after it was accepted.
      while (System.nanoTime() - accepted < Duration.ofMillis(TIMEOUT_MILLIS * 3 / 2).toNanos()) {
        assertNothingArrivesFor(s, 400);
        s.getOutputStream().write(request().getBytes(US_ASCII));
        assertThat(RawHttp.readAnswer(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("hi");
      }
    }
    assertThat(t.origin.takeRequest().header("X-Forwarded-For")).isEqualTo("203.0.113.7");
  }

  private static String request() {
    return "GET /a HTTP/1.1\r\nHost: www.example\r\n\r\n";
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", t.edge.port());
    s.setSoTimeout(10_000);
    return s;
  }

  /** Waits {@code millis} for the edge to send something or close; fails if it does either. */
  private static void assertNothingArrivesFor(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try {
      int b = s.getInputStream().read();
      throw new AssertionError(b < 0 ? "the edge closed the connection" : "the edge sent an unasked byte " + b);
    } catch (SocketTimeoutException expected) {
      // still open, and quiet
    } finally {
      s.setSoTimeout(10_000);
    }
  }
}
