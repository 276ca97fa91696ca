package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.withEcs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Type;

/**
 * Not a test: prints the CPU time per query of the responder alone (no sockets), fast path and
 * full path, for docs/benchmarks.md. Run after {@code mvn -pl geo-dns test-compile} with
 * {@code java -cp geo-dns/target/classes:geo-dns/target/test-classes:DNSJAVA_JAR
 * dev.cdnsim.geodns.ResponderCpuCost}.
 */
public final class ResponderCpuCost {
  private static final int QUERIES = 2_000_000;

  private ResponderCpuCost() {}

  public static void main(String[] args) throws IOException {
    GeoDnsConfig config = DefaultTopology.config();
    GeoZone zone = GeoZone.of(config, 1);
    Map<String, PacketResponder> paths = new LinkedHashMap<>();
    paths.put("pre-rendered", PacketResponder.forConfig(config, zone, e -> true, new QueryStats()));
    paths.put("full (dnsjava)", new PacketResponder(
        QueryHandler.forConfig(config, zone, e -> true, new QueryStats()), new QueryStats()));
    Map<String, byte[]> queries = new LinkedHashMap<>();
    queries.put("static A", query("ns1.cdn.test.", Type.A).toWire());
    queries.put("geo A", query("www.cdn.test.", Type.A).toWire());
    queries.put("geo A + ECS", withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24).toWire());
    InetAddress source = InetAddress.getByName("127.101.0.1");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("| query | path | ns CPU per query |");
    System.out.println("|---|---|---:|");
    for (int round = 0; round < 3; round++) { // the first two rounds warm up the JIT
      for (var q : queries.entrySet()) {
        for (var p : paths.entrySet()) {
          byte[] packet = q.getValue();
          long sink = 0;
          long started = threads.getCurrentThreadCpuTime();
          for (int i = 0; i < QUERIES; i++) {
            sink += p.getValue().respond(packet, 0, packet.length, source,
                PacketResponder.Transport.UDP).length;
          }
          long cpu = threads.getCurrentThreadCpuTime() - started;
          if (round == 2 && sink > 0) {
            System.out.printf("| %s | %s | %.0f |%n", q.getKey(), p.getKey(),
                cpu / (double) QUERIES);
          }
        }
      }
    }
  }
}
