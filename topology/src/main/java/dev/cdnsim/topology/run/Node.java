package dev.cdnsim.topology.run;

import java.net.InetSocketAddress;

/** One running piece of a topology (the geo-DNS, an edge or an origin replica) that can be stopped and started again. */
public interface Node extends AutoCloseable {

  enum Kind { DNS, EDGE, ORIGIN }

  Kind kind();

  String id();

  /** Where it listens; after the first start this is the bound address, and a restart binds it again. */
  InetSocketAddress address();

  boolean isRunning();

  /** Starts the node (again); a bind failure throws an exception naming the address. */
  void start();

  /** Stops the node and frees its ports; idempotent. */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
