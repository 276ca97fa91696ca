package dev.cdnsim.edge.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeOptions;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.MutableClock;
import dev.cdnsim.edge.ScriptedOrigin;
import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS listener behind an L4 balancer ({@code --proxy-protocol}): the PROXY header comes in the clear before the
 * TLS handshake, names the client, and must come whole within the client timeout (1 s here).
 */
class HttpsProxyProtocolIntegrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private final ScriptedOrigin origin = new ScriptedOrigin(clock).start();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  @TempDir Path dir;
  private EdgeServer edge;
  private SSLContext trusting;

  @BeforeEach
  void start() {
    origin.always(Reply.ok("hello over tls").header("Cache-Control", "no-store"));
    SelfSigned certificate = new SelfSigned(dir.resolve("tls"), "t", SubjectNames.forEdge(loopback, List.of()));
    EdgeConfig config = new EdgeConfig("t", new InetSocketAddress(loopback, 0), List.of(origin.uri()), 8 << 20,
        Duration.ofSeconds(10));
    EdgeOptions options = EdgeOptions.defaults().withHttps(new TlsConfig(new InetSocketAddress(loopback, 0), certificate))
        .withProxyProtocol().withClientTimeout(Duration.ofSeconds(1));
    edge = new EdgeServer(config, options, clock).start();
    trusting = certificate.load(clock).trustingContext();
  }

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origin.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(loopback, edge.httpsPort().orElseThrow());
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void theHeaderComesBeforeTheHandshakeAndNamesTheClient() throws Exception {
    try (Socket raw = connect()) {
      raw.getOutputStream().write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 443\r\n".getBytes(US_ASCII));
      try (SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(raw, loopback.getHostAddress(),
          raw.getPort(), false)) {
        tls.getOutputStream().write("GET /a HTTP/1.1\r\nHost: www.example\r\nConnection: close\r\n\r\n"
            .getBytes(US_ASCII));
        String answer = readAll(tls.getInputStream());

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello over tls");
      }
    }
    ScriptedOrigin.RecordedRequest seen = origin.takeRequest();
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.7");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("https");
  }

  @Test
  void aConnectionWhoseHeaderNeverEndsIsClosed() throws Exception {
    try (Socket raw = connect()) {
      raw.getOutputStream().write("PROXY TCP4 203.0".getBytes(US_ASCII));
      assertThat(raw.getInputStream().read()).as("the edge closes the connection").isEqualTo(-1);
    }
    assertThat(origin.requestCount()).isZero();
  }

  /** Everything until the edge closes the connection; fails when it stays open for 10 s. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      in.transferTo(got);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after 10 s; read so far: " + got.toString(US_ASCII), e);
    }
    return got.toString(US_ASCII);
  }
}
