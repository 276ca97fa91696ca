package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private key and its certificate chain, leaf first: what a TLS server presents.
 *
 * @param privateKey the key of the leaf certificate
 * @param chain      the leaf, then any intermediates (not empty)
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
  // Only guards the in-memory key store entry; nothing is written with it.
  private static final char[] IN_MEMORY_PASSWORD = "cdnsim".toCharArray();

  public KeyMaterial {
    requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) throw new IllegalArgumentException("chain must hold at least the leaf certificate");
  }

  /** The leaf certificate, the one that names the server. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The names the leaf certificate covers. */
  public SubjectNames names() {
    return SubjectNames.of(certificate());
  }

  /** Whether the private key belongs to the leaf certificate: a signature made with it verifies with the certificate's key. */
  public boolean keyMatchesCertificate() {
    PublicKey publicKey = certificate().getPublicKey();
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())
        && !(isEc(publicKey.getAlgorithm()) && isEc(privateKey.getAlgorithm()))) {
      return false;
    }
    try {
      String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
      byte[] probe = "cdnsim key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A server-side context presenting this chain, for an HTTPS listener. */
  public SSLContext serverContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context for " + certificate().getSubjectX500Principal(), e);
    }
  }

  /** Key managers presenting this chain (a server's certificate, or a client's in mutual TLS). */
  KeyManager[] keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("edge", privateKey, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY_PASSWORD);
      return keys.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the key of " + certificate().getSubjectX500Principal(), e);
    }
  }

  /** A client-side context that trusts this leaf certificate alone (for a self-signed edge, in tests and tools). */
  public SSLContext trustingContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("edge", certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context trusting " + certificate().getSubjectX500Principal(), e);
    }
  }

  private static boolean isEc(String algorithm) {
    return algorithm.equals("EC") || algorithm.equals("ECDSA");
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      default -> keyAlgorithm; // Ed25519, Ed448 and EdDSA name their own signature
    };
  }

  @Override
  public String toString() {
    return "KeyMaterial{" + certificate().getSubjectX500Principal() + ", " + privateKey.getAlgorithm() + ", chain of "
        + chain.size() + "}";
  }
}
