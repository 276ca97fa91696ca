package dev.cdnsim.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.geodns.EdgeSite;
import dev.cdnsim.geodns.GeoBlock;
import dev.cdnsim.geodns.GeoDnsConfig;
import dev.cdnsim.geodns.GeoDnsOptions;
import dev.cdnsim.geodns.GeoDnsServer;
import dev.cdnsim.geodns.GeoDnsStats;
import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.geodns.HealthCheckConfig;
import dev.cdnsim.topology.config.DurationText;
import dev.cdnsim.topology.config.TopologyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the geo-DNS alone from a JSON config (edges, geo map, optional zone file) until Ctrl-C. */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = {"Run the geo-DNS alone from a config file.", "",
        "Authoritative for one zone on UDP and TCP, answering the service name with the nearest healthy edge. The config is JSON: listen, zone, service, ttl, zoneFile (RFC 1035 master",
        "file, relative to the config), defaultLocation, health, edges[] and geoMap[]. Exit 2 on a bad config."})
final class DnsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "DNS config (JSON).")
  Path configFile;

  @Option(names = "--listen", paramLabel = "ADDRESS:PORT", description = "Override the config's listen address.")
  String listen;

  @Option(names = "--http", paramLabel = "ADDRESS:PORT",
      description = "Also serve /metrics (Prometheus) and /stats (JSON) over HTTP here, to loopback clients only.")
  String http;

  /** Counted down by Ctrl-C (or by a test) to stop the server. */
  final CountDownLatch stop = new CountDownLatch(1);

  /** The file's shape; every field optional here so that all problems are reported together. */
  record DnsFile(String listen, String zone, String service, Long ttl, String zoneFile, Point defaultLocation,
                 Health health, List<Edge> edges, List<Block> geoMap, Integer udpThreads) {}
  record Point(Double lat, Double lon) {}
  record Health(String interval, String timeout, Integer rise, Integer fall) {}
  record Edge(String id, String address, Point location, String healthUrl) {}
  record Block(String cidr, Point location, String label) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = new ArrayList<>();
    GeoDnsConfig config = load(configFile, listen, problems);
    if (config != null && http != null) {
      try {
        config = config.withOptions(config.options().withHttp(socketAddress(http)));
      } catch (IllegalArgumentException e) {
        problems.add("--http: " + e.getMessage());
        config = null;
      }
    }
    if (config == null) {
      problems.forEach(err::println);
      return 2;
    }
    GeoDnsServer server = new GeoDnsServer(config, Clock.systemUTC());
    try {
      server.start();
    } catch (IOException e) {
      server.close();
      err.println("cdnsim dns: " + e.getMessage());
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> { // Ctrl-C: let call() close the server and print before the JVM ends
      stop.countDown();
      try {
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cdnsim-dns-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    String address = config.listen().getAddress().getHostAddress();
    out.printf("geo-dns listening on %s:%d (UDP and TCP), zone %s, %d edges%n", address, server.port(),
        config.zone(), config.edges().size());
    out.printf("try: dig @%s -p %d %s +subnet=198.51.100.0/24%n", address, server.port(), config.serviceName());
    if (server.httpPort().isPresent()) {
      out.printf("metrics: curl -s http://%s:%d/metrics   (JSON counters at /stats)%n",
          config.options().httpListen().getAddress().getHostAddress(), server.httpPort().getAsInt());
    }
    out.flush();
    try {
      stop.await();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is what woke us
      }
    }
    out.println(stoppedLine(server.stats()));
    out.flush();
    closed.countDown();
    return 0;
  }

  /** What the server did, in one line: {@code geo-dns stopped after 12 queries: NOERROR 10, NXDOMAIN 2; answers ...}. */
  static String stoppedLine(GeoDnsStats stats) {
    StringBuilder b = new StringBuilder("geo-dns stopped after ").append(stats.queries())
        .append(stats.queries() == 1 ? " query" : " queries");
    if (!stats.byRcode().isEmpty()) b.append(": ").append(counts(stats.byRcode()));
    if (!stats.answersByEdge().isEmpty()) b.append("; answers by edge: ").append(counts(stats.answersByEdge()));
    if (stats.dropped() > 0) {
      b.append("; ").append(stats.dropped()).append(stats.dropped() == 1 ? " packet" : " packets")
          .append(" dropped (no query in them)");
    }
    return b.toString();
  }

  private static String counts(Map<String, Long> byName) {
    return new TreeMap<>(byName).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Reads and checks {@code file}; returns null after adding every problem ("file: $.path: what") to {@code problems}. */
  static GeoDnsConfig load(Path file, String listenOverride, List<String> problems) {
    DnsFile f;
    try {
      f = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(Files.readAllBytes(file), DnsFile.class);
    } catch (JsonProcessingException e) {
      problems.add(TopologyLoader.jsonProblem(file.toString(), e));
      return null;
    } catch (IOException e) {
      problems.add(file + ": cannot read: " + e.getMessage());
      return null;
    }
    Check c = new Check(file.toString(), problems);
    String zone = c.required("$.zone", f.zone());
    zone = zone == null ? null : zone.endsWith(".") ? zone : zone + ".";
    String service = c.required("$.service", f.service());
    if (service != null && zone != null && !service.endsWith(".")) service = service + "." + zone;
    InetSocketAddress bind = c.get("$.listen", () -> socketAddress(listenOverride != null ? listenOverride
        : f.listen() == null ? "127.0.0.1:5300" : f.listen()));
    List<EdgeSite> edges = new ArrayList<>();
    for (int i = 0; f.edges() != null && i < f.edges().size(); i++) {
      Edge e = f.edges().get(i);
      String at = "$.edges[" + i + "]";
      EdgeSite site = c.get(at, () -> new EdgeSite(e.id(), literal(e.address()), point(e.location()),
          e.healthUrl() == null ? null : URI.create(e.healthUrl())));
      if (site != null) edges.add(site);
    }
    if (edges.isEmpty() && (f.edges() == null || f.edges().isEmpty())) c.problem("$.edges", "needs at least one edge");
    List<GeoBlock> blocks = new ArrayList<>();
    for (int i = 0; f.geoMap() != null && i < f.geoMap().size(); i++) {
      Block b = f.geoMap().get(i);
      GeoBlock block = c.get("$.geoMap[" + i + "]", () -> new GeoBlock(b.cidr(), point(b.location()), b.label()));
      if (block != null) blocks.add(block);
    }
    GeoPoint fallback = edges.isEmpty() ? null : edges.get(0).location();
    GeoPoint defaultLocation = f.defaultLocation() == null ? fallback
        : c.get("$.defaultLocation", () -> point(f.defaultLocation()));
    Health h = f.health();
    // Durations as topology files write them (1s, 500ms) or ISO-8601 (PT1S).
    Duration interval = h == null || h.interval() == null ? HealthCheckConfig.DEFAULT.interval()
        : c.get("$.health.interval", () -> DurationText.parse(h.interval()));
    Duration timeout = h == null || h.timeout() == null ? HealthCheckConfig.DEFAULT.timeout()
        : c.get("$.health.timeout", () -> DurationText.parse(h.timeout()));
    HealthCheckConfig health = h == null ? HealthCheckConfig.DEFAULT
        : interval == null || timeout == null ? null : c.get("$.health", () -> new HealthCheckConfig(interval, timeout,
            h.rise() == null ? HealthCheckConfig.DEFAULT.rise() : h.rise(),
            h.fall() == null ? HealthCheckConfig.DEFAULT.fall() : h.fall()));
    GeoDnsOptions options = GeoDnsOptions.DEFAULT;
    if (f.zoneFile() != null) {
      Path zoneFile = file.toAbsolutePath().resolveSibling(f.zoneFile());
      if (!Files.isReadable(zoneFile)) c.problem("$.zoneFile", "cannot read " + zoneFile);
      options = options.withZoneFile(zoneFile);
    }
    if (f.udpThreads() != null) options = options.withUdpThreads(f.udpThreads());
    if (!problems.isEmpty()) return null;
    GeoDnsOptions chosen = options;
    String zoneName = zone;
    String serviceName = service;
    return c.get("$", () -> new GeoDnsConfig(bind, zoneName, serviceName, f.ttl() == null ? 30 : f.ttl(), edges,
        blocks, defaultLocation, health, chosen));
  }

  /** Records problems for one file, turning exceptions of the geo-dns records into messages. */
  private record Check(String file, List<String> problems) {
    void problem(String path, String message) {
      problems.add(file + ": " + path + ": " + message);
    }

    String required(String path, String value) {
      if (value == null || value.isBlank()) problem(path, "is required");
      return value == null || value.isBlank() ? null : value;
    }

    <T> T get(String path, Supplier<T> build) {
      try {
        return build.get();
      } catch (RuntimeException e) { // IllegalArgument, NullPointer (missing field), DateTimeParse
        problem(path, e.getMessage() == null ? "is incomplete" : e.getMessage());
        return null;
      }
    }
  }

  private static GeoPoint point(Point p) {
    if (p == null || p.lat() == null || p.lon() == null) throw new IllegalArgumentException("location needs lat and lon");
    return new GeoPoint(p.lat(), p.lon());
  }

  /** An IP address literal; a host name is refused rather than looked up. */
  private static InetAddress literal(String text) {
    if (text == null || !text.matches("[0-9a-fA-F:.]+") || !(text.contains(":") || text.matches("\\d+(\\.\\d+){3}"))) {
      throw new IllegalArgumentException("address must be an IP address literal, was " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("address must be an IP address literal, was " + text);
    }
  }

  private static InetSocketAddress socketAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("must be address:port, was " + text);
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(literal(host), Integer.parseInt(text.substring(colon + 1)));
    } catch (IllegalArgumentException e) { // NumberFormatException and a port out of range too
      throw new IllegalArgumentException("must be address:port with a literal address, was " + text);
    }
  }
}
