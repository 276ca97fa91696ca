package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An authoritative geo-DNS server for one zone, on UDP and TCP on the same port: the service
 * name resolves to the nearest healthy edge of the client (from its EDNS Client Subnet, else its
 * source address). With {@link GeoDnsOptions#httpListen()} set, it also serves {@code /metrics}
 * and {@code /stats} over HTTP to loopback clients. Start with {@link #start()}, stop with
 * {@link #close()}.
 */
public final class GeoDnsServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GeoDnsServer.class.getName());
  /** With port 0, the ephemeral UDP port may be taken for TCP; try a few fresh ones. */
  private static final int BIND_ATTEMPTS = 5;

  private final GeoDnsConfig config;
  private final Clock clock;
  private final QueryStats stats = new QueryStats();
  private UdpListener udp;
  private TcpListener tcp;
  private HealthTable healthTable;
  private HealthMonitor health;
  private HttpListener http;
  private int port = -1;

  public GeoDnsServer(GeoDnsConfig config, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Loads the zone, binds UDP and TCP on one port (port 0: one ephemeral port for both), and
   * starts answering and health-checking. Throws if the zone file is bad or the port is taken.
   */
  public synchronized GeoDnsServer start() throws IOException {
    if (port >= 0) {
      throw new IllegalStateException("already started on port " + port);
    }
    GeoZone zone = GeoZone.of(config, clock.instant().getEpochSecond());
    HealthTable table = new HealthTable(config.health());
    healthTable = table;
    PacketResponder responder = PacketResponder.forConfig(config, zone, table::isHealthy,
        table::isOverCapacity, ThreadLocalRandom::current, stats);
    bind(responder);
    health = new HealthMonitor(config.health(), config.edges(), table, () -> { });
    health.start();
    InetSocketAddress httpListen = config.options().httpListen();
    if (httpListen != null) {
      DnsMetrics metrics = new DnsMetrics(config.zone(), config.edges(), stats::snapshot,
          table::isHealthy, table::isOverCapacity);
      try {
        http = HttpListener.start(httpListen, metrics, stats::snapshot);
      } catch (IOException e) {
        close();
        throw e;
      }
    }
    LOG.log(Level.INFO, "geo-dns for {0} listening on {1}:{2,number,#} (UDP and TCP)",
        config.zone(), config.listen().getAddress().getHostAddress(), port);
    return this;
  }

  private void bind(PacketResponder responder) throws IOException {
    InetSocketAddress listen = config.listen();
    for (int attempt = 1; ; attempt++) {
      DatagramChannel channel = DatagramChannel.open(
          listen.getAddress() instanceof java.net.Inet6Address
              ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      try {
        channel.bind(listen);
      } catch (IOException e) {
        channel.close();
        throw bindFailure("UDP", listen, e);
      }
      int bound = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      ServerSocket serverSocket = new ServerSocket();
      try {
        serverSocket.bind(new InetSocketAddress(listen.getAddress(), bound), 128);
      } catch (IOException e) {
        serverSocket.close();
        channel.close();
        if (listen.getPort() == 0 && e instanceof BindException && attempt < BIND_ATTEMPTS) {
          continue;
        }
        throw bindFailure("TCP", new InetSocketAddress(listen.getAddress(), bound), e);
      }
      port = bound;
      udp = new UdpListener(channel, responder);
      udp.start(config.options().udpThreads());
      tcp = new TcpListener(serverSocket, responder, stats, config.options().tcpIdleTimeout(),
          config.options().maxTcpConnections());
      tcp.start();
      return;
    }
  }

  private static IOException bindFailure(String protocol, InetSocketAddress address,
                                         IOException cause) {
    return new IOException("geo-dns cannot bind " + protocol + " "
        + address.getAddress().getHostAddress() + ":" + address.getPort() + ": "
        + cause.getMessage(), cause);
  }

  /** The port both UDP and TCP listen on; valid after {@link #start()}. */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  /** The port of the HTTP listener for {@code /metrics} and {@code /stats}; empty without one. */
  public synchronized OptionalInt httpPort() {
    return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
  }

  /**
   * What the health checks hold of each probed edge now, by edge id: true while it is healthy (answers name it),
   * false once {@code fall} probes in a row failed, until {@code rise} succeed. Empty when not running.
   */
  public synchronized Map<String, Boolean> edgeHealth() {
    Map<String, Boolean> healthy = new TreeMap<>();
    if (healthTable == null || health == null) return healthy;
    for (EdgeSite edge : config.edges()) {
      if (edge.healthUrl() != null) healthy.put(edge.id(), healthTable.isHealthy(edge));
    }
    return healthy;
  }

  /** A snapshot of the counters since start. */
  public GeoDnsStats stats() {
    return stats.snapshot();
  }

  /** Stops every thread and frees both sockets; safe to call twice. */
  @Override
  public synchronized void close() {
    try {
      if (health != null) {
        health.close();
      }
      if (http != null) {
        http.close();
      }
      if (udp != null) {
        udp.close();
      }
      if (tcp != null) {
        tcp.close();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "error while closing geo-dns", e);
    } finally {
      health = null;
      healthTable = null;
      http = null;
      udp = null;
      tcp = null;
    }
  }
}
