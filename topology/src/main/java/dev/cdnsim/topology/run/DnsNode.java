package dev.cdnsim.topology.run;

import dev.cdnsim.geodns.GeoDnsConfig;
import dev.cdnsim.geodns.GeoDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;

/** The geo-DNS of a topology (UDP and TCP on one port). */
final class DnsNode implements Node {
  private final GeoDnsConfig config;
  private final Clock clock;
  private GeoDnsServer server;
  private InetSocketAddress bound;

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
    GeoDnsServer candidate = new GeoDnsServer(new GeoDnsConfig(listen, config.zone(), config.serviceName(),
        config.ttlSeconds(), config.edges(), config.geoMap(), config.defaultLocation(), config.health(),
        config.options()), clock);
    try {
      candidate.start();
    } catch (IOException e) {
      candidate.close();
      throw new UncheckedIOException("geo-dns: cannot listen on " + Topology.hostPort(listen) + " (UDP and TCP): " + e.getMessage(), e);
    }
    server = candidate;
    bound = new InetSocketAddress(listen.getAddress(), candidate.port());
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
