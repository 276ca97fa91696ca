package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.xnio.XnioWorker;

/**
 * An HTTPS listener in front of a request path: TLS with HTTP/2 offered first in ALPN, HTTP/1.1 otherwise.
 *
 * <p>It is an Undertow server of its own that shares the plain listener's I/O threads: Undertow turns
 * HTTP/2 on for every listener of a server at once, which would also make the plain listener answer
 * {@code Upgrade: h2c} (and {@code java.net.http.HttpClient} asks for it by default). Keeping HTTPS apart
 * leaves plain HTTP exactly as it was.
 */
public final class HttpsListener implements AutoCloseable {
  private final Undertow server;
  private final KeyMaterial material;
  private final InetSocketAddress bound;

  private HttpsListener(Undertow server, KeyMaterial material, InetSocketAddress bound) {
    this.server = server;
    this.material = material;
    this.bound = bound;
  }

  /**
   * Loads (or makes) the certificate, then listens.
   *
   * @param serverOptions the options the plain listener has too (header limits, keep-alive)
   * @param worker        the plain listener's I/O and worker threads, shared; not stopped by {@link #close()}
   * @param proxyProtocol a PROXY protocol header comes before each connection's TLS handshake
   * @throws TlsFileException       when the certificate or key can't be used (the message names the file)
   * @throws UncheckedIOException   naming the address when it can't be bound
   */
  public static HttpsListener start(TlsConfig config, Clock clock, HttpHandler handler, XnioWorker worker,
      UnaryOperator<Undertow.Builder> serverOptions, boolean proxyProtocol) {
    requireNonNull(config, "config");
    requireNonNull(handler, "handler");
    requireNonNull(worker, "worker");
    KeyMaterial material = config.certificate().load(clock);
    InetSocketAddress listen = config.listen();
    Undertow server = serverOptions.apply(Undertow.builder())
        .setWorker(worker)
        .addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTPS).setPort(listen.getPort())
            .setHost(listen.getAddress().getHostAddress()).setSslContext(material.serverContext())
            .setUseProxyProtocol(proxyProtocol))
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setHandler(handler)
        .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String host = listen.getAddress().getHostAddress();
      String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.getPort();
      throw new UncheckedIOException("cannot listen for HTTPS on " + where + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    return new HttpsListener(server, material, (InetSocketAddress) server.getListenerInfo().get(0).getAddress());
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
    server.stop();
  }

  @Override
  public String toString() {
    return "HttpsListener{" + bound + ", " + material.names() + "}";
  }
}
