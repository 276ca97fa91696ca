package dev.cdnsim.topology;

import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.run.Node;
import dev.cdnsim.topology.run.Topology;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints every node of a running topology with its address, then dig and curl lines ready to paste. */
final class NodeTable {
  private NodeTable() {}

  static void print(PrintWriter out, Topology topology) {
    TopologyPlan plan = topology.plan();
    out.printf("%-12s %-7s %-22s %s%n", "NODE", "KIND", "ADDRESS", "WHERE");
    for (Node node : topology.nodes()) {
      out.printf("%-12s %-7s %-22s %s%n", node.id(), node.kind().name().toLowerCase(Locale.ROOT),
          hostPort(node) + (node.kind() == Node.Kind.DNS ? " udp+tcp" : ""), where(plan, node));
    }
    String dns = topology.dnsAddress().getAddress().getHostAddress();
    int dnsPort = topology.dnsAddress().getPort();
    String name = plan.dns().serviceName().replaceAll("\\.$", "");
    out.println();
    out.println("Try (from another terminal):");
    for (TopologyPlan.Region region : plan.regions()) {
      out.printf("  dig @%s -p %d -b %s %s +short   # a user in %s -> %s%n", dns, dnsPort,
          region.clients().addressAt(1).getHostAddress(), name, region.id(), address(topology, plan.nearestEdge(region.location()).id()));
    }
    plan.regions().stream().filter(r -> !r.ecs().isEmpty()).findFirst().ifPresent(r ->
        out.printf("  dig @%s -p %d %s +subnet=%s +short   # ECS places the client in %s%n", dns, dnsPort, name,
            r.ecs().get(0), r.id()));
    topology.nodes().stream().filter(n -> n.kind() == Node.Kind.EDGE).findFirst().ifPresent(edge -> {
      out.printf("  curl -si http://%s/objects/1   # twice: X-Cache MISS, then HIT with an Age%n", hostPort(edge));
      out.printf("  curl -s http://%s/_edge/stats%n", hostPort(edge));
      out.printf("  curl -s http://%s/_edge/metrics   # Prometheus; origins at /metrics, the DNS at http://%s/metrics%n",
          hostPort(edge), dns + ":" + topology.dnsHttpAddress().getPort());
      topology.httpsAddress(edge.id()).ifPresent(https -> out.printf(
          "  curl --http2 -sI --cacert %s https://%s:%d/objects/1   # HTTPS, HTTP/2 (or curl -k)%n",
          Topology.TLS_DIRECTORY.resolve(edge.id() + ".crt"), https.getAddress().getHostAddress(), https.getPort()));
    });
    out.println();
  }

  private static String hostPort(Node node) {
    return Topology.hostPort(node.address());
  }

  private static String where(TopologyPlan plan, Node node) {
    return switch (node.kind()) {
      case DNS -> "zone " + plan.dns().zone() + ", service " + plan.dns().serviceName();
      case EDGE -> plan.edges().stream().filter(e -> e.id().equals(node.id())).findFirst()
          .map(e -> e.location() + ", cache " + dev.cdnsim.topology.config.DataSize.format(e.cacheMaxBytes())).orElse("");
      case ORIGIN -> plan.origins().stream().filter(o -> o.id().equals(node.id())).findFirst()
          .map(o -> o.location().toString()).orElse("");
    };
  }

  private static String address(Topology topology, String nodeId) {
    return topology.node(nodeId).address().getAddress().getHostAddress();
  }
}
