package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

/**
 * A certificate chain (leaf first, then any intermediates) and its private key, from PEM files made
 * elsewhere (a CA, {@code openssl}, {@code mkcert}). The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted; RSA, EC
 * or EdDSA. Both may be in one file.
 */
public record PemFiles(Path certificate, Path privateKey) implements CertificateSource {
  private static final System.Logger LOG = System.getLogger(PemFiles.class.getName());

  public PemFiles {
    requireNonNull(certificate, "certificate");
    requireNonNull(privateKey, "privateKey");
  }

  /** Reads both files; an expired certificate is served all the same, with a warning. */
  @Override
  public KeyMaterial load(Clock clock) {
    KeyMaterial material = PemFileReader.read(certificate, privateKey);
    X509Certificate leaf = material.certificate();
    Instant now = clock.instant();
    if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
      LOG.log(Level.WARNING, "{0}: the certificate is valid from {1} to {2}, not now; clients will refuse it",
          certificate, leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    }
    return material;
  }
}
