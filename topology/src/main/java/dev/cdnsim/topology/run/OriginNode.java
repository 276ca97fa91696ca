package dev.cdnsim.topology.run;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import dev.cdnsim.topology.config.TopologyPlan;
import java.net.InetSocketAddress;
import java.time.Clock;

/** An origin replica of a topology; its counters survive a stop and start. */
final class OriginNode implements Node {
  private final OriginServer server;

  OriginNode(TopologyPlan.Origin plan, CatalogConfig catalog, Clock clock) {
    this.server = new OriginServer(new OriginConfig(plan.id(), plan.listen(), catalog), clock);
  }

  @Override public Kind kind() { return Kind.ORIGIN; }
  @Override public String id() { return server.id(); }
  @Override public InetSocketAddress address() { return server.address(); }
  @Override public boolean isRunning() { return server.isRunning(); }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void stop() {
    server.close();
  }

  long requestsServed() {
    return server.requestsServed();
  }

  @Override
  public String toString() {
    return server.toString();
  }
}
