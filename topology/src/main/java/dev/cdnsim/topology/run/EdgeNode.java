package dev.cdnsim.topology.run;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.EdgeStats;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * An edge of a topology. A restart is a new process in real life: a new {@link EdgeServer} with an empty
 * cache on the same address; the counters of earlier runs are kept so that totals stay monotonic.
 */
final class EdgeNode implements Node {
  private final EdgeConfig config;
  private final Clock clock;
  private EdgeServer server;
  private InetSocketAddress bound;
  private EdgeStats earlier = new EdgeStats(0, 0, 0, 0, 0, 0);

  EdgeNode(EdgeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override public Kind kind() { return Kind.EDGE; }
  @Override public String id() { return config.id(); }

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
    EdgeServer started = new EdgeServer(new EdgeConfig(config.id(), listen, config.origins(), config.cacheMaxBytes(),
        config.originTimeout()), clock).start();
    server = started;
    bound = new InetSocketAddress(listen.getAddress(), started.port());
  }

  @Override
  public synchronized void stop() {
    if (server == null) return;
    server.close(); // first, so that a request finishing during the stop is in the counters we keep
    earlier = sum(earlier, server.stats());
    server = null;
  }

  /** Counters since the topology started, across restarts. */
  synchronized EdgeStats stats() {
    return server == null ? earlier : sum(earlier, server.stats());
  }

  private static EdgeStats sum(EdgeStats a, EdgeStats b) {
    return new EdgeStats(a.requests() + b.requests(), a.hits() + b.hits(), a.misses() + b.misses(),
        a.bytesServed() + b.bytesServed(), a.originRequests() + b.originRequests(), a.originBytes() + b.originBytes());
  }

  @Override
  public String toString() {
    return "EdgeNode{" + config.id() + " " + address() + "}";
  }
}
