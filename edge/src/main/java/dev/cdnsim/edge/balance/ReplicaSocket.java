package dev.cdnsim.edge.balance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a connection to a replica's base URL, as cache fills and health probes both need: TCP without Nagle's delay,
 * and for {@code https://} a TLS handshake with the pool's context (or the JDK's trusted CAs) whose certificate must
 * name the replica's host.
 */
public final class ReplicaSocket {
  private ReplicaSocket() {}

  /**
   * A connected (and for https, handshaken) socket to {@code base}.
   *
   * @throws HttpConnectTimeoutException no TCP connection within {@code connect}
   * @throws IOException refused, or the handshake failed or took longer than {@code connect} once connected
   */
  public static Socket open(URI base, Optional<SSLContext> tls, Duration connect) throws IOException {
    Socket socket = connect(base, connect);
    if (!"https".equalsIgnoreCase(base.getScheme())) return socket;
    try {
      SSLContext context = tls.isPresent() ? tls.get() : defaultContext();
      SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, base.getHost(), socket.getPort(), true);
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the replica's host
      ssl.setSSLParameters(p);
      ssl.setSoTimeout(millis(connect));
      ssl.startHandshake();
      return ssl;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * A TCP connection to {@code base}'s host and port (80 or 443 by its scheme when it names none), without TLS: what
   * {@link #open} starts from, and all a TCP health check asks.
   *
   * @throws HttpConnectTimeoutException no connection within {@code connect}
   * @throws IOException refused
   */
  public static Socket connect(URI base, Duration connect) throws IOException {
    int port = base.getPort() >= 0 ? base.getPort() : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), port), millis(connect));
      return socket;
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new HttpConnectTimeoutException("no connection within " + connect.toMillis() + " ms");
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** {@code d} as a socket timeout: whole milliseconds, at least 1 (0 would mean forever). */
  public static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static SSLContext defaultContext() throws IOException {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no TLS in this JVM", e);
    }
  }
}
