package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of HTTPS to origin replicas: a private CA, and mutual TLS, against a JDK HTTPS server. */
class OriginTlsIntegrationTest {
  private static PrivateCa ca;
  @TempDir Path dir;
  private HttpsServer server;

  @BeforeAll
  static void pki() {
    ca = new PrivateCa();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  /** A replica answering its client's certificate subject (or "anonymous"); {@code needClientAuth} makes it mTLS. */
  private URI replica(boolean needClientAuth) throws Exception {
    server = ca.startReplica(needClientAuth, (exchange, client) -> {
      byte[] body = client.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private String get(OriginTlsConfig tls, URI uri) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext(Clock.systemUTC())).build();
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString()).body();
  }

  private Path caFile() throws IOException {
    return ca.caFile(dir);
  }

  private PemFiles clientFiles() throws IOException {
    return ca.clientFiles(dir);
  }

  @Test
  void trustsAReplicaSignedByTheCaFile() throws Exception {
    URI uri = replica(false);

    assertThat(get(new OriginTlsConfig(Optional.of(caFile()), Optional.empty()), uri)).isEqualTo("anonymous");
  }

  @Test
  void theJdkTrustStoreDoesNotKnowAPrivateCa() throws Exception {
    URI uri = replica(false);

    assertThatThrownBy(() -> get(OriginTlsConfig.defaults(), uri)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void presentsTheClientCertificateToAReplicaThatAsksForOne() throws Exception {
    URI uri = replica(true);

    assertThat(get(new OriginTlsConfig(Optional.of(caFile()), Optional.of(clientFiles())), uri)).isEqualTo("CN=edge-seoul");
    assertThatThrownBy(() -> get(new OriginTlsConfig(Optional.of(caFile()), Optional.empty()), uri)).isInstanceOf(IOException.class);
  }

  @Test
  void anUnusableCaFileIsNamed() throws IOException {
    Path notCa = Files.writeString(dir.resolve("ca.pem"), TestKeys.pkcs8(ca.key.getPrivate()));

    assertThatThrownBy(() -> new OriginTlsConfig(Optional.of(notCa), Optional.empty()).clientContext(Clock.systemUTC()))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith(notCa + ": no certificate in it");
  }
}
