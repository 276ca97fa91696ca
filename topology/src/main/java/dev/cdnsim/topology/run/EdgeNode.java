package dev.cdnsim.topology.run;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeOptions;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.edge.balance.PoolStats;
import dev.cdnsim.edge.balance.ReplicaStats;
import dev.cdnsim.edge.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An edge of a topology. A restart is a new process in real life: a new {@link EdgeServer} with an empty
 * cache on the same address; the counters of earlier runs are kept so that totals stay monotonic.
 */
final class EdgeNode implements Node {
  private final EdgeConfig config;
  private final Optional<TlsConfig> https;
  private final Optional<Path> accessLog;
  private final Clock clock;
  private EdgeServer server;
  private InetSocketAddress bound;
  private InetSocketAddress httpsBound;
  private EdgeStats earlier = EdgeStats.NONE;

  /**
   * An edge that also serves HTTPS as {@code https} says (a restart binds the same HTTPS port again) and appends a
   * line per request to {@code accessLog}, across restarts.
   */
  EdgeNode(EdgeConfig config, Optional<TlsConfig> https, Optional<Path> accessLog, Clock clock) {
    this.config = config;
    this.https = https;
    this.accessLog = accessLog;
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
    Optional<TlsConfig> tls = https.map(t -> httpsBound == null ? t : new TlsConfig(httpsBound, t.certificate()));
    EdgeOptions options = tls.map(EdgeOptions.defaults()::withHttps).orElse(EdgeOptions.defaults());
    if (accessLog.isPresent()) options = options.withAccessLog(accessLog.get());
    EdgeServer started = new EdgeServer(new EdgeConfig(config.id(), listen, config.origins(), config.cacheMaxBytes(),
        config.originTimeout(), config.balancer()), options, clock).start();
    server = started;
    bound = new InetSocketAddress(listen.getAddress(), started.port());
    tls.ifPresent(t -> httpsBound = new InetSocketAddress(t.listen().getAddress(), started.httpsPort().orElseThrow()));
  }

  /** Where it serves HTTPS, once started; empty without HTTPS. */
  synchronized Optional<InetSocketAddress> httpsAddress() {
    return Optional.ofNullable(httpsBound);
  }

  @Override
  public synchronized void stop() {
    if (server == null) return;
    server.close(); // first, so that a request finishing during the stop is in the counters we keep
    earlier = earlier.plus(server.stats());
    server = null;
  }

  /** Counters since the topology started, across restarts. */
  synchronized EdgeStats stats() {
    return server == null ? earlier : earlier.plus(server.stats());
  }

  /** The health its balancer gives each origin replica in each pool; empty while stopped. */
  synchronized Map<Topology.PoolReplica, HealthState> replicaHealth() {
    if (server == null) return Map.of();
    Map<Topology.PoolReplica, HealthState> health = new LinkedHashMap<>();
    for (PoolStats pool : server.poolStats()) {
      for (ReplicaStats r : pool.replicas()) health.put(new Topology.PoolReplica(pool.name(), r.id()), r.state());
    }
    return health;
  }

  @Override
  public String toString() {
    return "EdgeNode{" + config.id() + " " + address() + "}";
  }
}
