package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.listen.Listener;
import dev.cdnsim.edge.listen.ListenerSettings;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.xnio.XnioWorker;

/**
 * An HTTPS listener in front of a request path: TLS with HTTP/2 offered first in ALPN, HTTP/1.1 otherwise.
 *
 * <p>It shares the plain listener's I/O threads and settings; HTTP/2 is on for it alone, so that the plain
 * listener never answers {@code Upgrade: h2c} (which {@code java.net.http.HttpClient} asks for by default).
 */
public final class HttpsListener implements AutoCloseable {
  private final Listener listener;
  private final KeyMaterial material;
  private final InetSocketAddress bound;

  private HttpsListener(Listener listener, KeyMaterial material) {
    this.listener = listener;
    this.material = material;
    this.bound = listener.address();
  }

  /**
   * Loads (or makes) the certificate, then listens.
   *
   * @param settings what the plain listener has too (Undertow's options, buffers, PROXY protocol)
   * @param worker   the plain listener's I/O and worker threads, shared; not stopped by {@link #close()}
   * @throws TlsFileException       when the certificate or key can't be used (the message names the file)
   * @throws UncheckedIOException   naming the address when it can't be bound
   */
  public static HttpsListener start(TlsConfig config, Clock clock, HttpHandler handler, XnioWorker worker,
      ListenerSettings settings) {
    requireNonNull(config, "config");
    requireNonNull(handler, "handler");
    requireNonNull(worker, "worker");
    KeyMaterial material = config.certificate().load(clock);
    InetSocketAddress listen = config.listen();
    try {
      return new HttpsListener(Listener.https(worker, listen, material.serverContext(), handler, settings), material);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for HTTPS on " + Listener.hostPort(listen) + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful after listening on port 0). */
  public int port() {
    return bound.getPort();
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return bound;
  }

  /** The key and chain served. */
  public KeyMaterial material() {
    return material;
  }

  /** Stops listening; its open connections live on the shared worker, which keeps running. */
  @Override
  public void close() {
    listener.close();
  }

  @Override
  public String toString() {
    return "HttpsListener{" + bound + ", " + material.names() + "}";
  }
}
