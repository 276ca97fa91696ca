package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of HTTPS to origin replicas: a private CA, and mutual TLS, against a JDK HTTPS server. */
class OriginTlsIntegrationTest {
  private static KeyPair ca;
  private static X509Certificate caCert;
  private static KeyMaterial replica;
  private static KeyMaterial edgeClient;

  @TempDir Path dir;
  private HttpsServer server;

  @BeforeAll
  static void pki() {
    ca = TestKeys.ec();
    caCert = TestKeys.authority(ca, "ca.cdn.test");
    KeyPair replicaKey = TestKeys.ec();
    replica = new KeyMaterial(replicaKey.getPrivate(),
        List.of(TestKeys.certificate(replicaKey, "origin.cdn.test", ca, "ca.cdn.test", "origin.cdn.test"), caCert));
    KeyPair clientKey = TestKeys.ec();
    edgeClient = new KeyMaterial(clientKey.getPrivate(),
        List.of(TestKeys.certificate(clientKey, "edge-seoul", ca, "ca.cdn.test", "edge-seoul.cdn.test")));
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  /** A replica answering its client's certificate subject (or "anonymous"); {@code needClientAuth} makes it mTLS. */
  private URI replica(boolean needClientAuth) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(replica.keyManagers(), trustingCa(), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      String who;
      try {
        who = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        who = "anonymous";
      }
      byte[] body = who.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The replica trusts client certificates signed by the CA. */
  private static TrustManager[] trustingCa() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", caCert);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private String get(OriginTlsConfig tls, URI uri) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext(Clock.systemUTC())).build();
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString()).body();
  }

  private Path caFile() throws IOException {
    return Files.writeString(dir.resolve("ca.pem"), TestKeys.pem(caCert));
  }

  private PemFiles clientFiles() throws IOException {
    return new PemFiles(Files.writeString(dir.resolve("client.crt"), TestKeys.pem(edgeClient.chain().toArray(X509Certificate[]::new))),
        Files.writeString(dir.resolve("client.key"), TestKeys.pkcs8(edgeClient.privateKey())));
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
    Path notCa = Files.writeString(dir.resolve("ca.pem"), TestKeys.pkcs8(ca.getPrivate()));

    assertThatThrownBy(() -> new OriginTlsConfig(Optional.of(notCa), Optional.empty()).clientContext(Clock.systemUTC()))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith(notCa + ": no certificate in it");
  }
}
