package dev.cdnsim.topology.run;

import dev.cdnsim.geodns.GeoDnsConfig;
import dev.cdnsim.geodns.GeoDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The geo-DNS of a topology (UDP and TCP on one port), with its HTTP side for {@code /metrics} and {@code /stats}. */
final class DnsNode implements Node {
  private final GeoDnsConfig config;
  private final Clock clock;
  private GeoDnsServer server;
  private InetSocketAddress bound;
  private InetSocketAddress httpBound;

  DnsNode(GeoDnsConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override public Kind kind() { return Kind.DNS; }
  @Override public String id() { return "geo-dns"; }

  @Override
  public synchronized InetSocketAddress address() {
    return bound != null ? bound : config.listen();
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public synchronized void start() {
    if (server != null) return;
    InetSocketAddress listen = address();
    // A restart binds the ports of the first start again (DNS and HTTP), so scrapers and users keep working.
    GeoDnsServer candidate = new GeoDnsServer(new GeoDnsConfig(listen, config.zone(), config.serviceName(),
        config.ttlSeconds(), config.edges(), config.geoMap(), config.defaultLocation(), config.health(),
        httpBound == null ? config.options() : config.options().withHttp(httpBound)), clock);
    try {
      candidate.start();
    } catch (IOException e) {
      candidate.close();
      throw new UncheckedIOException("geo-dns: cannot listen on " + Topology.hostPort(listen) + " (UDP and TCP): " + e.getMessage(), e);
    }
    server = candidate;
    bound = new InetSocketAddress(listen.getAddress(), candidate.port());
    candidate.httpPort().ifPresent(port ->
        httpBound = new InetSocketAddress(config.options().httpListen().getAddress(), port));
  }

  /** Where {@code /metrics} and {@code /stats} are served, once started; empty when the config has no HTTP side. */
  synchronized Optional<InetSocketAddress> httpAddress() {
    return Optional.ofNullable(httpBound);
  }

  /** The geo-DNS's view of each probed edge (true: healthy), by edge id; empty while it is not running. */
  synchronized Map<String, Boolean> edgeHealth() {
    return server == null ? Map.of() : server.edgeHealth();
  }

  @Override
  public synchronized void stop() {
    if (server == null) return;
    server.close();
    server = null;
  }

  @Override
  public String toString() {
    return "DnsNode{" + address() + "}";
  }
}
