package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How an edge speaks HTTPS to a pool's origin replicas: which certificate authorities it trusts (the
 * JDK's own when no CA file is given) and, for mutual TLS, the client certificate it presents.
 *
 * @param caFile            PEM file of the CA certificates that sign the replicas' certificates; empty: the JDK's trust store
 * @param clientCertificate a certificate and key to present when a replica asks for one (mTLS)
 */
public record OriginTlsConfig(Optional<Path> caFile, Optional<PemFiles> clientCertificate) {
  public OriginTlsConfig {
    requireNonNull(caFile, "caFile");
    requireNonNull(clientCertificate, "clientCertificate");
  }

  /** The JDK's trusted CAs, no client certificate. */
  public static OriginTlsConfig defaults() {
    return new OriginTlsConfig(Optional.empty(), Optional.empty());
  }

  /**
   * A client context for {@code java.net.http.HttpClient.Builder.sslContext(...)}.
   *
   * @throws TlsFileException naming the file when the CA file or the client certificate can't be used
   */
  public SSLContext clientContext(Clock clock) {
    KeyManager[] keys = clientCertificate.map(c -> c.load(clock).keyManagers()).orElse(null);
    TrustManager[] trust = caFile.map(OriginTlsConfig::trusting).orElse(null);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null); // null: the JDK's defaults
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trusting(Path file) {
    List<X509Certificate> authorities = PemFileReader.certificates(file);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) store.setCertificateEntry("ca-" + i, authorities.get(i));
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsFileException(file, "cannot trust its certificates: " + e.getMessage(), e);
    }
  }
}
