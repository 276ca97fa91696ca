package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.geodns.GeoDnsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** {@code cdnsim dns}: the reference zone of the DNS peer benchmark, served from a JSON config. */
class DnsCommandTest {
  private static final String ZONE = """
      $TTL 300
      @       IN SOA ns1.cdn.example. hostmaster.cdn.example. ( 2026112501 3600 600 604800 60 )
      @       IN NS  ns1.cdn.example.
      @       IN NS  ns2.cdn.example.
      ns1     IN A   127.0.0.1
      ns2     IN A   127.0.0.2
      static  IN A   127.0.10.1
      """;
  private static final String CONFIG = """
      {"listen": "127.0.0.1:0", "zone": "cdn.example.", "service": "www", "ttl": 30,
       "zoneFile": "cdn.example.zone", "defaultLocation": {"lat": 37.5665, "lon": 126.9780},
       "edges": [
         {"id": "dc1", "address": "127.0.1.1", "location": {"lat": 37.5665, "lon": 126.9780}},
         {"id": "dc2", "address": "127.0.2.1", "location": {"lat": 51.5074, "lon": -0.1278}},
         {"id": "dc3", "address": "127.0.3.1", "location": {"lat": -23.5505, "lon": -46.6333}}],
       "geoMap": [
         {"cidr": "192.0.2.0/24", "location": {"lat": 37.5665, "lon": 126.9780}, "label": "dc1"},
         {"cidr": "198.51.100.0/24", "location": {"lat": 51.5074, "lon": -0.1278}, "label": "dc2"},
         {"cidr": "203.0.113.0/24", "location": {"lat": -23.5505, "lon": -46.6333}, "label": "dc3"}]}
      """;

  @TempDir Path dir;

  private Path write(String json) throws Exception {
    Files.writeString(dir.resolve("cdn.example.zone"), ZONE);
    Path config = dir.resolve("dns.json");
    Files.writeString(config, json);
    return config;
  }

  @Test
  void readsTheConfigIntoGeoDnsRecords() throws Exception {
    List<String> problems = new ArrayList<>();
    GeoDnsConfig config = DnsCommand.load(write(CONFIG), null, problems);
    assertThat(problems).isEmpty();
    assertThat(config.zone()).isEqualTo("cdn.example.");
    assertThat(config.serviceName()).isEqualTo("www.cdn.example.");
    assertThat(config.edges()).extracting(e -> e.id()).containsExactly("dc1", "dc2", "dc3");
    assertThat(config.geoMap()).hasSize(3);
    assertThat(config.options().zoneFile()).isEqualTo(dir.resolve("cdn.example.zone").toAbsolutePath());
  }

  @Test
  void healthDurationsReadAsInTopologyFilesOrIso() throws Exception {
    List<String> problems = new ArrayList<>();
    GeoDnsConfig units = DnsCommand.load(write(CONFIG.replace("\"ttl\": 30,",
        "\"ttl\": 30, \"health\": {\"interval\": \"2s\", \"timeout\": \"500ms\", \"fall\": 3},")), null, problems);
    GeoDnsConfig iso = DnsCommand.load(write(CONFIG.replace("\"ttl\": 30,",
        "\"ttl\": 30, \"health\": {\"interval\": \"PT2S\", \"timeout\": \"PT0.5S\"},")), null, problems);
    DnsCommand.load(write(CONFIG.replace("\"ttl\": 30,", "\"ttl\": 30, \"health\": {\"interval\": \"often\"},")), null,
        problems);

    assertThat(units.health().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(units.health().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(units.health().fall()).isEqualTo(3);
    assertThat(iso.health().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(iso.health().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(problems).singleElement().asString()
        .endsWith("dns.json: $.health.interval: must be a duration like 500ms, 2s, 1h or PT2S, was \"often\"");
  }

  @Test
  void reportsEveryProblemWithItsJsonPathAndExitsTwo() throws Exception {
    Path bad = write("""
        {"zone": "cdn.example.", "service": "www",
         "edges": [{"id": "a", "address": "edge.example.com", "location": {"lat": 1, "lon": 2}},
                   {"id": "b", "address": "127.0.0.2", "location": {"lat": 91, "lon": 2}}],
         "geoMap": [{"cidr": "10.0.0.0/40", "location": {"lat": 1, "lon": 1}, "label": "x"}],
         "zoneFile": "missing.zone"}
        """);
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DnsCommand());
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("--config", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("$.edges[0]: address must be an IP address literal")
        .contains("$.edges[1]: latitude must be between -90 and 90")
        .contains("$.geoMap[0]: prefix length out of range").contains("$.zoneFile: cannot read");
    Path typo = write("{\"zone\": \"cdn.example.\", \"servise\": \"www\"}");
    assertThat(cmd.execute("--config", typo.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("servise");
  }

  @Test
  void aFieldOfTheWrongKindIsNamedWithItsPath() throws Exception {
    List<String> problems = new ArrayList<>();
    Path bad = write("{\"zone\": \"cdn.example.\", \"service\": \"www\", \"edges\": \"dc1\"}");

    assertThat(DnsCommand.load(bad, null, problems)).isNull();
    assertThat(problems).containsExactly(bad + ": $.edges: expected a list [...], found a string");
  }

  @Test
  void servesTheReferenceZoneUntilStopped() throws Exception {
    DnsCommand command = new DnsCommand();
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(out, true));
    Path config = write(CONFIG);
    var executor = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = executor.submit(() -> cmd.execute("--config", config.toString()));
      int port = awaitPort(out, exit);
      assertThat(ask(port, "static.cdn.example.", null)).containsExactly("127.0.10.1");
      assertThat(ask(port, "www.cdn.example.", null)).containsExactly("127.0.1.1");
      assertThat(ask(port, "www.cdn.example.", "198.51.100.0")).containsExactly("127.0.2.1");
      assertThat(ask(port, "www.cdn.example.", "203.0.113.0")).containsExactly("127.0.3.1");
      command.stop.countDown();
      assertThat(exit.get(15, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("geo-dns stopped after 4 queries: NOERROR 4; answers by edge: ")
          .doesNotContain("GeoDnsStats[");
    } finally {
      command.stop.countDown();
      executor.shutdownNow();
    }
  }

  private static int awaitPort(StringWriter out, Future<Integer> exit) throws Exception {
    Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = listening.matcher(out.toString());
      if (m.find()) return Integer.parseInt(m.group(1));
      Thread.onSpinWait();
    }
    throw new AssertionError("no 'listening on' line; output: " + out + (exit.isDone() ? " exit " + exit.get() : ""));
  }

  private static List<String> ask(int port, String name, String subnet) throws Exception {
    SimpleResolver resolver = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
    resolver.setPort(port);
    resolver.setLocalAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    resolver.setTimeout(Duration.ofSeconds(5));
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    if (subnet != null) {
      query.addRecord(new OPTRecord(1232, 0, 0, 0, new ClientSubnetOption(24, InetAddress.getByName(subnet))),
          Section.ADDITIONAL);
    }
    return resolver.send(query).getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }
}
