package dev.cdnsim.edge.tls;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeOptions;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.MutableClock;
import dev.cdnsim.edge.ScriptedOrigin;
import dev.cdnsim.edge.ScriptedOrigin.RecordedRequest;
import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edge with an HTTPS listener and a self-signed certificate, a scripted origin behind it, over loopback. */
class HttpsIntegrationTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private final ScriptedOrigin origin = new ScriptedOrigin(clock).start();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  @TempDir Path dir;
  private SelfSigned certificate;
  private EdgeServer edge;
  private HttpClient client;

  @BeforeEach
  void start() {
    origin.always(Reply.ok("hello over tls").header("Cache-Control", "max-age=60"));
    certificate = new SelfSigned(dir.resolve("tls"), "t", SubjectNames.forEdge(loopback, List.of("www.cdn.test")));
    edge = edge(new TlsConfig(new InetSocketAddress(loopback, 0), certificate));
    // The certificate the edge kept: loading it again reuses it.
    client = HttpClient.newBuilder().sslContext(certificate.load(clock).trustingContext()).version(Version.HTTP_2).build();
  }

  private EdgeServer edge(TlsConfig tls) {
    EdgeConfig config = new EdgeConfig("t", new InetSocketAddress(loopback, 0), List.of(origin.uri()), 8 << 20, Duration.ofSeconds(10));
    return new EdgeServer(config, EdgeOptions.defaults().withHttps(tls), clock).start();
  }

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    origin.close();
  }

  private HttpResponse<String> get(HttpClient c, String scheme, int port, String path) throws IOException, InterruptedException {
    URI uri = URI.create(scheme + "://" + loopback.getHostAddress() + ":" + port + path);
    // A deadline, not a wait: generous because a loaded CI machine makes the first TLS handshake slow.
    return c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> https(String path) throws IOException, InterruptedException {
    return get(client, "https", edge.httpsPort().orElseThrow(), path);
  }

  @Test
  void missThenHitOverHttp2() throws Exception {
    HttpResponse<String> miss = https("/objects/1");
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> hit = https("/objects/1");

    assertThat(miss.version()).isEqualTo(Version.HTTP_2);
    assertThat(miss.statusCode()).isEqualTo(200);
    assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(miss.body()).isEqualTo("hello over tls");
    assertThat(hit.version()).isEqualTo(Version.HTTP_2);
    assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(hit.headers().firstValue("Age")).hasValue("5");
    assertThat(hit.body()).isEqualTo("hello over tls");
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @Test
  void tellsTheOriginTheClientCameOverHttps() throws Exception {
    https("/objects/2");

    RecordedRequest seen = origin.takeRequest();
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo(loopback.getHostAddress() + ":" + edge.httpsPort().orElseThrow());
  }

  @Test
  void passesAPostWithItsBodyOverHttp2() throws Exception {
    origin.always(Reply.ok("created"));
    byte[] body = new byte[200_000]; // more than one HTTP/2 frame and flow-control window
    new java.util.SplittableRandom(7).nextBytes(body);
    URI uri = URI.create("https://" + loopback.getHostAddress() + ":" + edge.httpsPort().orElseThrow() + "/api/items");

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

    assertThat(response.version()).isEqualTo(Version.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("created");
    RecordedRequest seen = origin.takeRequest();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.body()).isEqualTo(body);
  }

  @Test
  void largeBodiesSentFromTheirFilesArriveWholeOverHttp2AndTls() throws Exception {
    byte[] large = new byte[1024 * 1024 + 3];
    new java.util.Random(7).nextBytes(large);
    origin.always(Reply.ok("").body(large).header("Cache-Control", "max-age=60"));
    HttpClient http11 = HttpClient.newBuilder().sslContext(certificate.load(clock).trustingContext()).version(Version.HTTP_1_1).build();
    URI uri = URI.create("https://" + loopback.getHostAddress() + ":" + edge.httpsPort().orElseThrow() + "/large");

    HttpResponse<byte[]> miss = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray());
    HttpResponse<byte[]> hit = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray());
    HttpResponse<byte[]> range = http11.send(HttpRequest.newBuilder(uri).header("Range", "bytes=1000-1999").build(),
        BodyHandlers.ofByteArray());

    assertThat(hit.version()).isEqualTo(Version.HTTP_2);
    assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(miss.body()).isEqualTo(large);
    assertThat(hit.body()).isEqualTo(large);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(large, 1000, 2000));
  }

  @Test
  void servesHttp11OverTlsToClientsWithoutHttp2() throws Exception {
    HttpClient http11 = HttpClient.newBuilder().sslContext(certificate.load(clock).trustingContext()).version(Version.HTTP_1_1).build();

    HttpResponse<String> miss = get(http11, "https", edge.httpsPort().orElseThrow(), "/objects/3");
    HttpResponse<String> hit = https("/objects/3");

    assertThat(miss.version()).isEqualTo(Version.HTTP_1_1);
    assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
  }

  @Test
  void httpsAndHttpAreCachedApartAndPlainHttpStaysHttp11() throws Exception {
    https("/objects/4");

    HttpResponse<String> plain = get(client, "http", edge.port(), "/objects/4");

    // The scheme is part of the cache key (RFC 9111 §4.1), and the plain listener does not offer h2c.
    assertThat(plain.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(plain.version()).isEqualTo(Version.HTTP_1_1);
    assertThat(origin.requestCount()).isEqualTo(2);
    origin.takeRequest();
    assertThat(origin.takeRequest().header("X-Forwarded-Proto")).isEqualTo("http");
  }

  @Test
  void garbageOnTheHttpsPortIsClosedAndTheNextClientIsServed() throws Exception {
    java.util.Random random = new java.util.Random(20261126);
    for (int n = 0; n < 50; n++) {
      byte[] bytes = new byte[1 + random.nextInt(600)];
      random.nextBytes(bytes);
      if (n % 2 == 0 && bytes.length > 5) {   // a TLS handshake record header, then garbage
        bytes[0] = 0x16;
        bytes[1] = 0x03;
        bytes[2] = 0x01;
      }
      try (java.net.Socket s = new java.net.Socket(loopback, edge.httpsPort().orElseThrow())) {
        s.setSoTimeout(5_000);
        s.getOutputStream().write(bytes);
        s.shutdownOutput();
        try {
          s.getInputStream().readAllBytes();   // an alert at most, then the close
        } catch (java.net.SocketTimeoutException e) {
          throw new AssertionError("connection " + n + " still open after 5 s", e);
        } catch (IOException reset) {
          // closed with a reset: closed all the same
        }
      }
    }
    assertThat(https("/after").body()).isEqualTo("hello over tls");
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() {
    HttpClient stranger = HttpClient.newBuilder().version(Version.HTTP_2).build();

    assertThatThrownBy(() -> get(stranger, "https", edge.httpsPort().orElseThrow(), "/objects/5"))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(origin.requestCount()).isZero();
  }

  @Test
  void theSameCertificateIsServedAfterARestart() throws Exception {
    edge.close();
    edge = edge(new TlsConfig(new InetSocketAddress(loopback, 0), certificate));

    // The client trusts the first start's certificate alone.
    assertThat(https("/objects/6").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnusableCertificateFileStopsTheStartWithItsName() {
    Path missing = dir.resolve("edge.crt");
    TlsConfig broken = new TlsConfig(new InetSocketAddress(loopback, 0), new PemFiles(missing, dir.resolve("edge.key")));

    assertThatThrownBy(() -> edge(broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("edge t: " + missing + ": no such file");
  }

  @Test
  void aTakenHttpsPortIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
      TlsConfig clash = new TlsConfig(new InetSocketAddress(loopback, taken.getLocalPort()), certificate);

      assertThatThrownBy(() -> edge(clash))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("edge t: cannot listen for HTTPS on " + loopback.getHostAddress() + ":" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void anEdgeWithoutHttpsHasNoHttpsPort() {
    EdgeConfig config = new EdgeConfig("p", new InetSocketAddress(loopback, 0), List.of(origin.uri()), 1 << 20, Duration.ofSeconds(2));
    try (EdgeServer plain = new EdgeServer(config, clock).start()) {
      assertThat(plain.httpsPort()).isEmpty();
    }
  }

  /** Sends {@code request} over HTTP/1.1 (ALPN) on TLS; everything read until the edge closes the connection. */
  private String http11UntilClosed(String request) throws IOException {
    try (SSLSocket s = (SSLSocket) certificate.load(clock).trustingContext().getSocketFactory()
        .createSocket(loopback, edge.httpsPort().orElseThrow())) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"http/1.1"});
      s.setSSLParameters(p);
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(ISO_8859_1));
      s.getOutputStream().flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      try {
        for (int n; (n = in.read()) >= 0; ) got.write(n);
      } catch (IOException closed) {
        // a reset, or TLS closed without its close_notify: closed all the same
      }
      return got.toString(ISO_8859_1);
    }
  }

  @Test
  void aMalformedFieldLineOverHttp11OnTlsGets400AndABodysSameBytesGoOnWhole() throws Exception {
    assertThat(http11UntilClosed("GET /f HTTP/1.1\r\nHost: a\r\nX Bad: 1\r\n\r\n")).startsWith("HTTP/1.1 400")
        .endsWith("\r\n\r\nmalformed request: whitespace in a field name or before its colon\n");
    assertThat(origin.requestCount()).isZero();

    String body = "X Bad: 1\r\n";
    String answer = http11UntilClosed("POST /p HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body);

    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(new String(origin.takeRequest().body(), ISO_8859_1)).isEqualTo(body);
  }

}
