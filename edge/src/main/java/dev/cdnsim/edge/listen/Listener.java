package dev.cdnsim.edge.listen;

import static java.util.Objects.requireNonNull;

import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.HttpHandler;
import io.undertow.server.OpenListener;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * One listening socket of the edge on its XNIO worker, and what each accepted connection speaks: HTTP/1.1, or TLS
 * with HTTP/2 offered first in ALPN and HTTP/1.1 otherwise; with {@link ListenerSettings#proxyProtocol()}, after a
 * PROXY protocol header that must come whole within {@link ListenerSettings#proxyHeaderTimeoutMillis()}.
 *
 * <p>Undertow's builder makes the same open listeners, but reads the PROXY header with no deadline, so a client that
 * sends part of one (or nothing) would hold its connection until it closed it; built here, the edge puts its own
 * deadline in front ({@link ProxyHeaderDeadline}). HTTP/1.1 connections have a {@link FieldLineCheck} under
 * Undertow's parser ({@link FieldLineChecking}), and their write timeout as a {@link SendTimeout}. Closing a
 * listener stops the accepting only: the connections it accepted live on the worker, which belongs to the caller.
 */
public final class Listener implements AutoCloseable {
  private final AcceptingChannel<? extends StreamConnection> channel;
  private final InetSocketAddress bound;

  private Listener(AcceptingChannel<? extends StreamConnection> channel) {
    this.channel = channel;
    this.bound = channel.getLocalAddress(InetSocketAddress.class);
  }

  /** Plain HTTP/1.1 on {@code address}. */
  public static Listener http(XnioWorker worker, InetSocketAddress address, HttpHandler handler, ListenerSettings s)
      throws IOException {
    HttpOpenListener http = new HttpOpenListener(s.buffers(), s.undertowOptions());
    http.setRootHandler(handler);
    OptionMap socket = socketOptions(worker, s);
    var http1 = http1(http, s);
    ChannelListener<StreamConnection> open = s.proxyProtocol()
        ? new ProxyHeaderDeadline(http1, null, s.buffers(), socket, s.proxyHeaderTimeoutMillis())
        : http1;
    return start(worker.createStreamConnectionServer(address, ChannelListeners.openListenerAdapter(open), socket));
  }

  /** TLS on {@code address} with {@code context}'s key: HTTP/2 when the client offers it in ALPN, else HTTP/1.1. */
  public static Listener https(XnioWorker worker, InetSocketAddress address, SSLContext context, HttpHandler handler,
      ListenerSettings s) throws IOException {
    OptionMap undertow = OptionMap.builder().addAll(s.undertowOptions()).set(UndertowOptions.ENABLE_HTTP2, true)
        .getMap();
    HttpOpenListener http = new HttpOpenListener(s.buffers(), undertow);
    http.setRootHandler(handler);
    Http2OpenListener http2 = new Http2OpenListener(s.buffers(), undertow);
    http2.setRootHandler(handler);
    AlpnOpenListener alpn = new AlpnOpenListener(s.buffers(), undertow, http1(http, s));
    alpn.addProtocol(Http2OpenListener.HTTP2, http2, 10);
    alpn.addProtocol(Http2OpenListener.HTTP2_14, http2, 7);   // as Undertow's builder: a draft's name, still offered
    UndertowXnioSsl ssl = new UndertowXnioSsl(worker.getXnio(), OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
        context);
    OptionMap socket = socketOptions(worker, s);
    if (s.proxyProtocol()) {
      // The PROXY header comes before the TLS handshake, in the clear: the reader wraps the connection in TLS after it.
      ProxyHeaderDeadline open = new ProxyHeaderDeadline(alpn, ssl, s.buffers(), socket, s.proxyHeaderTimeoutMillis());
      return start(worker.createStreamConnectionServer(address, ChannelListeners.openListenerAdapter(open), socket));
    }
    ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(
        (OpenListener) alpn);
    @SuppressWarnings({"unchecked", "rawtypes"})
    AcceptingChannel<? extends StreamConnection> channel = ssl.createSslConnectionServer(worker, address,
        (ChannelListener) accept, socket);
    return start(channel);
  }

  /** What an HTTP/1.1 connection, in the clear or over TLS, passes before {@code http}'s parser sees it. */
  private static SendTimeout.Installing http1(HttpOpenListener http, ListenerSettings s) {
    OptionMap o = s.undertowOptions();
    var limits = new ReasonedRefusal.Limits(o.get(UndertowOptions.MAX_HEADERS, UndertowOptions.DEFAULT_MAX_HEADERS),
        o.get(UndertowOptions.MAX_HEADER_SIZE, UndertowOptions.DEFAULT_MAX_HEADER_SIZE));
    return new SendTimeout.Installing(new FieldLineChecking(http, s.refused(), limits));
  }

  /** Undertow's socket defaults for a listener, then the edge's. */
  private static OptionMap socketOptions(XnioWorker worker, ListenerSettings s) {
    return OptionMap.builder()
        .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
        .set(Options.TCP_NODELAY, true)
        .set(Options.REUSE_ADDRESSES, true)
        .set(Options.BALANCING_TOKENS, 1)
        .set(Options.BALANCING_CONNECTIONS, 2)
        .set(Options.BACKLOG, 1000)
        .addAll(s.socketOptions())
        .getMap();
  }

  private static Listener start(AcceptingChannel<? extends StreamConnection> channel) {
    requireNonNull(channel, "channel");
    channel.resumeAccepts();
    return new Listener(channel);
  }

  /** {@code 127.0.0.1:8080}, or {@code [::1]:8080} for IPv6: an address as URLs and messages write it. */
  public static String hostPort(InetSocketAddress address) {
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** The address actually bound (useful after listening on port 0). */
  public InetSocketAddress address() {
    return bound;
  }

  /** Stops accepting and frees the port; connections already accepted go on. */
  @Override
  public void close() {
    IoUtils.safeClose(channel);
  }

  @Override
  public String toString() {
    return "Listener{" + bound + "}";
  }
}
