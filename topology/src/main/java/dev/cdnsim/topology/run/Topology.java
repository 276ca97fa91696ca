package dev.cdnsim.topology.run;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.edge.listen.Listener;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.tls.SelfSigned;
import dev.cdnsim.edge.tls.SubjectNames;
import dev.cdnsim.edge.tls.TlsConfig;
import dev.cdnsim.geodns.EdgeSite;
import dev.cdnsim.geodns.GeoBlock;
import dev.cdnsim.geodns.GeoDnsConfig;
import dev.cdnsim.topology.config.Cidr;
import dev.cdnsim.topology.config.TopologyPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A running topology: origin replicas first, then the edges in front of them, then the geo-DNS that sends
 * users to the edges. {@link #close()} stops every node and frees every port.
 */
public final class Topology implements AutoCloseable {
  private static final Duration ORIGIN_TIMEOUT = Duration.ofSeconds(5);
  /** The geo-DNS serves {@code /metrics} and {@code /stats} over HTTP on this port of its address. */
  public static final int DNS_HTTP_PORT = 8054;
  /** Where edges keep their self-signed certificates (as ID.crt and ID.key), relative to the working directory. */
  public static final Path TLS_DIRECTORY = Path.of("cdnsim-data", "tls");
  private final TopologyPlan plan;
  private final List<OriginNode> origins = new ArrayList<>();
  private final List<EdgeNode> edges = new ArrayList<>();
  private DnsNode dns;

  private Topology(TopologyPlan plan) {
    this.plan = plan;
  }

  /** Starts every node of {@code plan}; if one fails, those already started are stopped again. */
  public static Topology start(TopologyPlan plan, Clock clock) {
    return start(plan, clock, Optional.empty());
  }

  /**
   * As {@link #start(TopologyPlan, Clock)}, each edge appending a line per request to {@code accessLogs}/ID.log
   * (the folder made when missing).
   */
  public static Topology start(TopologyPlan plan, Clock clock, Optional<Path> accessLogs) {
    requireNonNull(clock, "clock");
    requireNonNull(accessLogs, "accessLogs");
    Topology topology = new Topology(requireNonNull(plan, "plan"));
    try {
      topology.startAll(clock, accessLogs);
      return topology;
    } catch (RuntimeException e) {
      topology.close();
      throw e;
    }
  }

  private void startAll(Clock clock, Optional<Path> accessLogs) {
    for (TopologyPlan.Origin o : plan.origins()) {
      OriginNode node = new OriginNode(o, plan.catalog(), clock);
      origins.add(node);
      node.start();
    }
    List<URI> originUris = origins.stream().map(o -> URI.create("http://" + hostPort(o.address()))).toList();
    List<Replica> replicas = origins.stream().map(o -> Replica.of(o.id(), "http://" + hostPort(o.address()), 1)).toList();
    BalancerConfig balancer = EdgeBalancing.config(plan.balancing(), replicas, ORIGIN_TIMEOUT, newCookieSecret());
    for (TopologyPlan.Edge e : plan.edges()) {
      EdgeConfig config = new EdgeConfig(e.id(), e.listen(), originUris, e.cacheMaxBytes(), ORIGIN_TIMEOUT)
          .withBalancer(balancer);
      EdgeNode node = new EdgeNode(config, Optional.of(https(e)), accessLogs.map(d -> accessLog(d, e.id())), clock);
      edges.add(node);
      node.start();
    }
    dns = new DnsNode(dnsConfig(), clock);
    dns.start();
  }

  /** {@code dir}/{@code edgeId}.log, the folder made when missing. */
  private static Path accessLog(Path dir, String edgeId) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("cannot make the access log folder " + dir + ": a file has that name", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the access log folder " + dir + ": " + e.getMessage(), e);
    }
    return dir.resolve(edgeId + ".log");
  }

  /**
   * HTTPS on port 8443 of the edge's address (any free port when the plan's ports are), with a self-signed
   * certificate naming that address, localhost and the service name, kept in {@link #TLS_DIRECTORY}.
   */
  private TlsConfig https(TopologyPlan.Edge e) {
    int port = e.listen().getPort() == 0 ? 0 : TlsConfig.DEFAULT_PORT;
    SubjectNames names = SubjectNames.forEdge(e.listen().getAddress(), List.of(plan.dns().serviceName()));
    return new TlsConfig(new InetSocketAddress(e.listen().getAddress(), port), new SelfSigned(TLS_DIRECTORY, e.id(), names));
  }

  /** A fresh key for route cookies: shared by the edges of this run, so any edge honours another's cookie. */
  private static String newCookieSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  /** Where edge {@code edgeId} serves HTTPS, once started. */
  public Optional<InetSocketAddress> httpsAddress(String edgeId) {
    return edges.stream().filter(e -> e.id().equals(edgeId)).findFirst().flatMap(EdgeNode::httpsAddress);
  }

  private GeoDnsConfig dnsConfig() {
    List<EdgeSite> sites = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      EdgeNode node = edges.get(i);
      sites.add(new EdgeSite(node.id(), node.address().getAddress(), plan.edges().get(i).location(),
          URI.create("http://" + hostPort(node.address()) + "/_edge/health")));
    }
    List<GeoBlock> blocks = new ArrayList<>();
    for (TopologyPlan.Region r : plan.regions()) {
      blocks.add(new GeoBlock(r.clients().toString(), r.location(), r.id()));
      for (Cidr ecs : r.ecs()) blocks.add(new GeoBlock(ecs.toString(), r.location(), r.id()));
    }
    TopologyPlan.Dns d = plan.dns();
    GeoDnsConfig config = new GeoDnsConfig(d.listen(), d.zone(), d.serviceName(), d.ttlSeconds(), sites, blocks,
        d.defaultLocation(), d.health());
    // Any free port when the plan's ports are, as for the edges' HTTPS.
    int httpPort = d.listen().getPort() == 0 ? 0 : DNS_HTTP_PORT;
    return config.withOptions(config.options().withHttp(new InetSocketAddress(d.listen().getAddress(), httpPort)));
  }

  /** {@code 127.0.1.1:8080}, or {@code [::1]:8080} for IPv6: as the edge writes its own addresses. */
  public static String hostPort(InetSocketAddress address) {
    return Listener.hostPort(address);
  }

  public TopologyPlan plan() {
    return plan;
  }

  /** Every node, DNS first, then edges, then origin replicas. */
  public List<Node> nodes() {
    List<Node> all = new ArrayList<>();
    if (dns != null) all.add(dns);
    all.addAll(edges);
    all.addAll(origins);
    return all;
  }

  /** The node called {@code id}. */
  public Node node(String id) {
    return nodes().stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no node called " + id));
  }

  /** Where the geo-DNS listens (UDP and TCP). */
  public InetSocketAddress dnsAddress() {
    return dns.address();
  }

  /** Where the geo-DNS serves {@code /metrics} and {@code /stats} over HTTP. */
  public InetSocketAddress dnsHttpAddress() {
    return dns.httpAddress().orElseThrow();
  }

  /** The HTTP address of the edge that has IP {@code address}, as a DNS answer names it. */
  public Optional<InetSocketAddress> edgeAt(InetAddress address) {
    return edges.stream().map(EdgeNode::address).filter(a -> a.getAddress().equals(address)).findFirst();
  }

  /** Counters of each edge since the topology started, by edge id, in topology order. */
  public Map<String, EdgeStats> edgeStats() {
    Map<String, EdgeStats> stats = new LinkedHashMap<>();
    for (EdgeNode edge : edges) stats.put(edge.id(), edge.stats());
    return stats;
  }

  /** An origin replica in one of an edge's pools. */
  public record PoolReplica(String pool, String replica) {}

  /** Per running edge, by id, the health its balancer gives each origin replica in each pool. */
  public Map<String, Map<PoolReplica, HealthState>> replicaHealth() {
    Map<String, Map<PoolReplica, HealthState>> health = new LinkedHashMap<>();
    for (EdgeNode edge : edges) {
      Map<PoolReplica, HealthState> states = edge.replicaHealth();
      if (!states.isEmpty()) health.put(edge.id(), states);
    }
    return health;
  }

  /** The geo-DNS's view of each edge it probes (true: healthy, in its answers), by edge id; empty while it is down. */
  public Map<String, Boolean> dnsEdgeHealth() {
    return dns == null ? Map.of() : dns.edgeHealth();
  }

  /** Object requests each origin replica answered, by id, in topology order. */
  public Map<String, Long> originRequestsById() {
    Map<String, Long> served = new LinkedHashMap<>();
    for (OriginNode origin : origins) served.put(origin.id(), origin.requestsServed());
    return served;
  }

  /** Object requests the origin replicas answered in all. */
  public long originRequests() {
    return origins.stream().mapToLong(OriginNode::requestsServed).sum();
  }

  /** Stops every node (DNS first, so no user is sent to a stopping edge) and frees every port. */
  @Override
  public void close() {
    List<Node> all = nodes();
    for (Node node : all) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        System.getLogger(Topology.class.getName()).log(System.Logger.Level.WARNING, "stopping " + node + ": " + e);
      }
    }
  }
}
