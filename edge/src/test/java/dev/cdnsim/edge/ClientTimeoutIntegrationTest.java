package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client connections that hold the edge without a request: one that says nothing, one whose head never ends, one
 * left idle after its answer. Each is closed after the client timeout (300 ms here; 60 s by default), as nginx's
 * client_header_timeout and keepalive_timeout close them, so that idle clients cannot hold connections forever;
 * and one that stops reading its answer, stored, streamed from the origin or passed, is cut off when no write has
 * gone through for the client timeout (nginx's send_timeout).
 */
class ClientTimeoutIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withClientTimeout(Duration.ofMillis(300)));

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket s = connect()) {
      assertThat(RawHttp.readUntilClosed(s.getInputStream())).isEmpty();
    }
  }

  @Test
  void aRequestHeadThatNeverEndsIsClosed() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nX-Partial: ".getBytes(US_ASCII));
      RawHttp.readUntilClosed(s.getInputStream());
    }
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void aKeptAliveConnectionIsClosedAfterItsAnswerWhenNothingMoreComes() throws Exception {
    t.origin.always(Reply.ok("once"));
    try (Socket s = connect()) {
      s.getOutputStream().write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      String answer = RawHttp.readUntilClosed(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("once");
    }
  }

  @Test
  void aClientThatStopsReadingAStoredAnswerIsCutOffAndItsFileLetGo() throws Exception {
    int size = 6 * 1024 * 1024;   // stored (in a file), and more than the sockets on the way hold
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "max-age=600"));
    assertThat(t.http.bytes("/big").body()).hasSize(size);
    try (Socket s = connect()) {
      s.setReceiveBufferSize(64 * 1024);
      s.getOutputStream().write(("GET /big HTTP/1.1\r\nHost: 127.0.0.1:" + t.edge.port() + "\r\n\r\n").getBytes(US_ASCII));
      // Not reading: the hit's writes stop, and once none has gone through for the client timeout the edge closes the
      // connection and the exchange ends.
      EdgeUnderTest.await("the stalled hit ended", () -> t.edge.stats().requests() == 2);
      assertThat(t.edge.stats().hits()).isEqualTo(1);
      assertThat(RawHttp.readUntilClosed(s.getInputStream()).length()).as("bytes the client got before the cut").isLessThan(size);
    }
    assertThat(t.origin.requestCount()).isEqualTo(1);
  }

  @Test
  void aClientThatStopsReadingAnAnswerStreamedFromTheOriginIsCutOff() throws Exception {
    int size = 24 * 1024 * 1024;   // not stored (no-store), so streamed by the fill as it comes
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "no-store"));
    try (Socket s = connect()) {
      s.setReceiveBufferSize(64 * 1024);
      s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      // The fill writes from a virtual thread that blocks on the client: it too is let go after the client timeout.
      EdgeUnderTest.await("the stalled fill ended", () -> t.edge.stats().requests() == 1);
      assertThat(RawHttp.readUntilClosed(s.getInputStream()).length()).as("bytes the client got before the cut").isLessThan(size);
    }
  }

  @Test
  void aClientThatStopsReadingAPassedAnswerIsCutOff() throws Exception {
    int size = 24 * 1024 * 1024;   // more than the sockets on the way hold
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "no-store"));
    try (EdgeServer edge = new EdgeServer(t.passingEverything(), EdgeOptions.defaults().withClientTimeout(Duration.ofMillis(300)),
        t.clock).start(); Socket s = new Socket("127.0.0.1", edge.port())) {
      s.setSoTimeout(10_000);
      s.setReceiveBufferSize(64 * 1024);
      s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      // Passed on the I/O thread: its writes wait on the client, and none goes through for the client timeout.
      EdgeUnderTest.await("the stalled pass ended", () -> edge.stats().requests() == 1);
      assertThat(edge.inFlightRequests()).isZero();
      assertThat(RawHttp.readUntilClosed(s.getInputStream()).length()).as("bytes the client got before the cut")
          .isLessThan(size);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", t.edge.port());
    s.setSoTimeout(10_000);
    return s;
  }
}
