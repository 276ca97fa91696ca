package dev.cdnsim.edge.tls;

import java.time.Clock;

/** Where an HTTPS listener's certificate and private key come from: PEM files, or a self-signed pair kept in a folder. */
public sealed interface CertificateSource permits PemFiles, SelfSigned {
  /**
   * Reads (or makes) the key and its certificate chain.
   *
   * @throws TlsFileException naming the file and the problem when a file is missing, unreadable or does not fit
   */
  KeyMaterial load(Clock clock);
}
