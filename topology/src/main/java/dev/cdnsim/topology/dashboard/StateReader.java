package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.dashboard.StateSnapshot.Balancers;
import dev.cdnsim.topology.dashboard.StateSnapshot.EdgeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.Latency;
import dev.cdnsim.topology.dashboard.StateSnapshot.Location;
import dev.cdnsim.topology.dashboard.StateSnapshot.NodeState;
import dev.cdnsim.topology.dashboard.StateSnapshot.RegionState;
import dev.cdnsim.topology.report.ReplicaHealthLine;
import dev.cdnsim.topology.run.Node;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.LatencyHistogram;
import dev.cdnsim.topology.traffic.RegionTraffic;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads a {@link StateSnapshot} off a running topology and its simulated users; cheap enough to call per request. */
final class StateReader {
  private final Topology topology;
  private final Supplier<Map<String, RegionTraffic>> traffic;
  private final Clock clock;
  private final Map<String, Location> locations = new HashMap<>();

  StateReader(Topology topology, Supplier<Map<String, RegionTraffic>> traffic, Clock clock) {
    this.topology = requireNonNull(topology, "topology");
    this.traffic = requireNonNull(traffic, "traffic");
    this.clock = requireNonNull(clock, "clock");
    TopologyPlan plan = topology.plan();
    plan.origins().forEach(o -> locations.put(o.id(), Location.of(o.location())));
    plan.edges().forEach(e -> locations.put(e.id(), Location.of(e.location())));
  }

  StateSnapshot read() {
    long now = clock.millis();
    List<NodeState> nodes = new ArrayList<>();
    Map<String, Map<String, HealthState>> seen = ReplicaHealthLine.byReplica(topology.replicaHealth());
    Map<String, Boolean> inDnsAnswers = topology.dnsEdgeHealth();
    for (Node node : topology.nodes()) {
      // Edges and origins have a place on the map; the DNS has none.
      Location location = node.kind() == Node.Kind.DNS ? null : locations.get(node.id());
      Map<String, HealthState> views = node.kind() == Node.Kind.ORIGIN ? seen.get(node.id()) : null;
      Balancers balancers = views == null ? null
          : new Balancers((int) views.values().stream().filter(HealthState::eligible).count(), views.size());
      nodes.add(new NodeState(node.kind().name(), node.id(), Topology.hostPort(node.address()), node.isRunning(), location,
          balancers, node.kind() == Node.Kind.EDGE ? inDnsAnswers.get(node.id()) : null));
    }
    List<EdgeState> edges = new ArrayList<>();
    for (Map.Entry<String, EdgeStats> e : topology.edgeStats().entrySet()) {
      EdgeStats s = e.getValue();
      edges.add(new EdgeState(e.getKey(), s.requests(), s.hits(), s.misses(), s.hitRatio(), s.bytesServed(),
          s.originRequests(), s.originBytes()));
    }
    Map<String, RegionTraffic> users = traffic.get();
    List<RegionState> regions = new ArrayList<>();
    for (TopologyPlan.Region region : topology.plan().regions()) {
      Location location = Location.of(region.location());
      String edge = StateSnapshot.nearestRunningEdge(location, nodes).orElse(null);
      RegionTraffic t = users.get(region.id());
      if (t == null) {
        regions.add(new RegionState(region.id(), location, 0, 0, 0, Latency.NONE, Latency.NONE, edge));
      } else {
        regions.add(new RegionState(region.id(), location, t.requests(), t.hits(), t.errors(), latency(t.latency()),
            latency(t.direct()), edge));
      }
    }
    return new StateSnapshot(now, nodes, edges, regions, topology.originRequests());
  }

  private static Latency latency(LatencyHistogram histogram) {
    return new Latency(histogram.percentileMillis(0.50), histogram.percentileMillis(0.95),
        histogram.percentileMillis(0.99));
  }

}
