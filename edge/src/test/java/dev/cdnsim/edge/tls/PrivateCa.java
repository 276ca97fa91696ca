package dev.cdnsim.edge.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA for tests of HTTPS to origins: a replica certificate and an edge client certificate signed by it,
 * the PEM files an edge is configured with, and a JDK HTTPS replica that knows its client by certificate.
 */
final class PrivateCa {
  final KeyPair key = TestKeys.ec();
  final X509Certificate certificate = TestKeys.authority(key, "ca.cdn.test");
  /** The replica's key with its certificate and the CA's, as servers send their chain. */
  final KeyMaterial replica = signed("origin.cdn.test", "origin.cdn.test", true);
  /** The edge's client key with its certificate alone. */
  final KeyMaterial edgeClient = signed("edge-seoul", "edge-seoul.cdn.test", false);

  /** What a replica answers; {@code client} is the subject of the client's certificate, or "anonymous". */
  interface Answer {
    void answer(HttpExchange exchange, String client) throws IOException;
  }

  private KeyMaterial signed(String commonName, String dnsName, boolean chainWithCa) {
    KeyPair pair = TestKeys.ec();
    X509Certificate leaf = TestKeys.certificate(pair, commonName, key, "ca.cdn.test", dnsName);
    return new KeyMaterial(pair.getPrivate(), chainWithCa ? List.of(leaf, certificate) : List.of(leaf));
  }

  /** The CA certificate as a PEM file in {@code dir}. */
  Path caFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("ca.pem"), TestKeys.pem(certificate));
  }

  /** The edge's client certificate and key as PEM files in {@code dir}. */
  PemFiles clientFiles(Path dir) throws IOException {
    return new PemFiles(
        Files.writeString(dir.resolve("client.crt"), TestKeys.pem(edgeClient.chain().toArray(X509Certificate[]::new))),
        Files.writeString(dir.resolve("client.key"), TestKeys.pkcs8(edgeClient.privateKey())));
  }

  /**
   * Starts an HTTPS replica on 127.0.0.1 with the CA-signed replica certificate; with {@code needClientAuth} it
   * demands a client certificate signed by the CA (mutual TLS).
   */
  HttpsServer startReplica(boolean needClientAuth, Answer answer) throws IOException, GeneralSecurityException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", certificate);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(replica.keyManagers(), trust.getTrustManagers(), null);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      String client;
      try {
        client = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        client = "anonymous";
      }
      answer.answer(exchange, client);
    });
    server.start();
    return server;
  }
}
