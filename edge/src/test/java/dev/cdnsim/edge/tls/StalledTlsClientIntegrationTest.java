package dev.cdnsim.edge.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeOptions;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.EdgeUnderTest;
import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client that asks for a large answer and then reads nothing more. Over HTTP/2, flow control stops the edge's
 * writes after a window's worth and the socket never fills, but the stream's writes wait at most the client timeout:
 * a stored answer's as Undertow gives HTTP/2 streams XNIO's WRITE_TIMEOUT too, a streamed one's by the edge's own
 * cut (fetch.StallCut), which resets the stream; over HTTP/1.1 the edge's send timeout does the same under TLS as in
 * the clear. Either way the exchange, the fill behind it and any lease on a stored body's file are let go. The client
 * timeout is 300 ms here; a request that waits longer than that on a slow origin, with nothing moving on its
 * connection, is not cut.
 */
class StalledTlsClientIntegrationTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(300);

  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  @TempDir Path dir;
  private SelfSigned certificate;
  private EdgeUnderTest t;

  @BeforeEach
  void start() {
    certificate = new SelfSigned(dir.resolve("tls"), "t", SubjectNames.forEdge(loopback, List.of()));
    TlsConfig tls = new TlsConfig(new InetSocketAddress(loopback, 0), certificate);
    t = new EdgeUnderTest(o -> o.withHttps(tls).withClientTimeout(CLIENT_TIMEOUT));
  }

  @AfterEach
  void stop() {
    if (t != null) t.close();
  }

  private HttpClient h2Client() {
    return HttpClient.newBuilder().sslContext(certificate.load(t.clock).trustingContext())
        .version(HttpClient.Version.HTTP_2).build();
  }

  @Test
  void aStoredAnswerThatStopsBeingReadHasItsConnectionClosed() throws Exception {
    int size = 6 * 1024 * 1024; // stored (in a file); a streamed fill would end at its pool's total timeout anyway
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "max-age=600"));
    HttpClient h2 = h2Client();
    assertThat(h2.send(HttpRequest.newBuilder(url("/big")).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
        .hasSize(size);
    try (SSLSocket s = h2Socket()) {
      s.getOutputStream().write(h2Get("/big"));
      s.getOutputStream().flush();
      // Reads nothing: the edge sends its first window (64 KiB), which waits in the socket, and no more.
      EdgeUnderTest.await("the stalled HTTP/2 hit ended", () -> t.edge.stats().requests() == 2);
      assertThat(t.edge.stats().hits()).isEqualTo(1);
      assertThat(t.edge.inFlightRequests()).isZero();
      assertThat(readUntilClosed(s.getInputStream())).as("bytes the client got before the cut").isLessThan(size);
    }
  }

  @Test
  void aStreamedHttp2AnswerThatStopsBeingReadHasItsConnectionClosed() throws Exception {
    int size = 24 * 1024 * 1024;   // not stored: streamed by the fill, on a virtual thread, as it comes
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "no-store"));
    try (SSLSocket s = h2Socket()) {
      s.getOutputStream().write(h2Get("/big"));
      s.getOutputStream().flush();
      // Reads nothing: the stream's window (64 KiB) fills and the fill's write waits on it, past the client timeout.
      EdgeUnderTest.await("the stalled HTTP/2 stream ended", () -> t.edge.stats().requests() == 1);
      assertThat(t.edge.inFlightRequests()).isZero();
      // The stream is reset (CANCEL), as HTTP/2 ends one stream; the connection itself may carry others.
      assertThat(dataUntilReset(s.getInputStream(), 1)).as("body bytes the client got before the cut")
          .isLessThan(size);
    }
  }

  @Test
  void aPassedHttp2AnswerThatStopsBeingReadHasItsStreamReset() throws Exception {
    int size = 24 * 1024 * 1024;
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "no-store"));
    TlsConfig tls = new TlsConfig(new InetSocketAddress(loopback, 0), certificate);
    try (EdgeServer edge = new EdgeServer(t.passingEverything(), EdgeOptions.defaults().withHttps(tls)
        .withClientTimeout(CLIENT_TIMEOUT), t.clock).start(); SSLSocket s = h2Socket(edge.httpsPort().orElseThrow())) {
      s.getOutputStream().write(h2Get("/big", edge.httpsPort().orElseThrow()));
      s.getOutputStream().flush();
      // Reads nothing: the stream's window fills and the passed body waits on it, on the I/O thread.
      EdgeUnderTest.await("the stalled passed stream ended", () -> edge.stats().requests() == 1);
      assertThat(edge.inFlightRequests()).isZero();
      assertThat(dataUntilReset(s.getInputStream(), 1)).as("body bytes the client got before the cut")
          .isLessThan(size);
    }
  }

  @Test
  void anHttp11AnswerThatStopsBeingReadHasItsConnectionClosed() throws Exception {
    int size = 24 * 1024 * 1024;   // more than the sockets on the way hold; not stored, streamed as it comes
    t.origin.always(Reply.ok("x".repeat(size)).header("Cache-Control", "no-store"));
    try (SSLSocket s = (SSLSocket) certificate.load(t.clock).trustingContext().getSocketFactory().createSocket()) {
      s.setReceiveBufferSize(64 * 1024);   // before connecting: the window it offers stays small
      s.connect(new InetSocketAddress(loopback, t.edge.httpsPort().orElseThrow()));
      s.setSoTimeout(10_000);
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).as("no ALPN offered: HTTP/1.1").isEmpty();
      s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      s.getOutputStream().flush();
      // Reads nothing: the fill's writes wait on the client, and none goes through for the client timeout.
      EdgeUnderTest.await("the stalled HTTP/1.1 exchange ended", () -> t.edge.stats().requests() == 1);
      assertThat(t.edge.inFlightRequests()).isZero();
      assertThat(readUntilClosed(s.getInputStream())).as("bytes the client got before the cut").isLessThan(size);
    }
  }

  @Test
  void aRequestWaitingOnASlowOriginLongerThanTheClientTimeoutIsNotCut() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    t.origin.always(Reply.ok("slow but whole").header("Cache-Control", "max-age=60").gatedBy(gate));
    HttpClient h2 = h2Client();
    var answer = h2.sendAsync(HttpRequest.newBuilder(url("/slow")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    t.origin.takeRequest();
    // Twice the client timeout passes with nothing on the HTTP/2 connection: marked by the edge closing, each in
    // its turn, two plain connections that said nothing for the client timeout.
    for (int i = 0; i < 2; i++) {
      try (Socket idle = new Socket(loopback, t.edge.port())) {
        idle.setSoTimeout(10_000);
        readUntilClosed(idle.getInputStream());
      }
    }
    gate.countDown();

    HttpResponse<String> r = answer.get();
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.body()).isEqualTo("slow but whole");
    // Counted when the exchange completes, which may be just after the client has its answer.
    EdgeUnderTest.await("the exchange counted", () -> t.edge.stats().requests() >= 1);
    assertThat(t.edge.stats().requests()).as("one exchange: not cut, and not asked again by the client").isEqualTo(1);
  }

  private URI url(String path) {
    return URI.create("https://" + loopback.getHostAddress() + ":" + t.edge.httpsPort().orElseThrow() + path);
  }

  private SSLSocket h2Socket() throws IOException {
    return h2Socket(t.edge.httpsPort().orElseThrow());
  }

  private SSLSocket h2Socket(int port) throws IOException {
    SSLSocket s = (SSLSocket) certificate.load(t.clock).trustingContext().getSocketFactory()
        .createSocket(loopback, port);
    SSLParameters p = s.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    s.setSSLParameters(p);
    s.setSoTimeout(10_000);
    s.startHandshake();
    assertThat(s.getApplicationProtocol()).isEqualTo("h2");
    return s;
  }

  /** The connection preface, an empty SETTINGS frame and one HEADERS frame: GET {@code path}, ending the stream. */
  private byte[] h2Get(String path) {
    return h2Get(path, t.edge.httpsPort().orElseThrow());
  }

  private byte[] h2Get(String path, int port) {
    String authority = loopback.getHostAddress() + ":" + port;
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x82); // :method GET (HPACK static table 2)
    block.write(0x87); // :scheme https (7)
    literal(block, 0x04, path); // :path, name from the static table, value as a plain string
    literal(block, 0x01, authority); // :authority
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(US_ASCII));
    frame(out, 0x4, 0, 0, new byte[0]); // SETTINGS: the defaults (a 65,535-byte window)
    frame(out, 0x1, 0x5, 1, block.toByteArray()); // HEADERS on stream 1: END_STREAM | END_HEADERS
    return out.toByteArray();
  }

  private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
    block.write(nameIndex); // literal without indexing, indexed name (4-bit prefix)
    block.write(value.length()); // no Huffman, 7-bit length (values here are short)
    block.writeBytes(value.getBytes(US_ASCII));
  }

  private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.writeBytes(new byte[] {(byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
    out.writeBytes(payload);
  }

  /**
   * Reads frames up to an RST_STREAM of {@code stream}; returns the bytes of its DATA frames before it. Fails if none
   * comes within 10 s.
   */
  private static long dataUntilReset(InputStream in, int stream) throws IOException {
    DataInputStream frames = new DataInputStream(in);
    long data = 0;
    try {
      while (true) {
        int length = frames.readUnsignedShort() << 8 | frames.readUnsignedByte();
        int type = frames.readUnsignedByte();
        frames.readUnsignedByte(); // flags
        int id = frames.readInt() & 0x7fffffff;
        frames.skipNBytes(length);
        if (id == stream && type == 0x0) data += length;
        if (id == stream && type == 0x3) return data;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no RST_STREAM for stream " + stream + " in 10 s; " + data + " bytes of data", e);
    }
  }

  /** Bytes read until the edge closes the connection; fails if it is still open after 10 s. */
  private static int readUntilClosed(InputStream in) throws IOException {
    int total = 0;
    byte[] buf = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) total += n;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the edge kept the connection open for 10 s; read " + total + " bytes", e);
    } catch (IOException reset) {
      // closed with a reset or a TLS alert: closed all the same
    }
    return total;
  }
}
