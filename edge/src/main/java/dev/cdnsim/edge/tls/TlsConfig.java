package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * An HTTPS listener: where it listens (port 0 picks a free port) and where its certificate comes from.
 * It serves HTTP/2 (negotiated with ALPN) and HTTP/1.1.
 */
public record TlsConfig(InetSocketAddress listen, CertificateSource certificate) {
  /** The customary HTTPS port of an edge. */
  public static final int DEFAULT_PORT = 8443;

  public TlsConfig {
    requireNonNull(listen, "listen");
    requireNonNull(certificate, "certificate");
  }
}
