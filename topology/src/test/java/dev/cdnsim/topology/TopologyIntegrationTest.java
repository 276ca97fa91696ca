package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.RegionTraffic;
import dev.cdnsim.topology.traffic.TrafficDriver;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The default topology on ephemeral ports: DNS from several places, MISS then HIT, stats, traffic, clean stop. */
class TopologyIntegrationTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TopologyPlan plan;
  private Topology topology;

  @BeforeEach
  void start() {
    plan = new TopologyLoader().loadDefault().withEphemeralPorts();
    topology = Topology.start(plan, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    topology.close();
    http.close();
  }

  private Message query(String source, boolean tcp, EDNSOption... options) throws IOException {
    SimpleResolver resolver = new SimpleResolver(topology.dnsAddress());
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    if (options.length > 0) resolver.setEDNS(0, 1232, 0, List.of(options));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www.cdn.test."), Type.A, DClass.IN)));
  }

  private static String answer(Message response) {
    return response.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress()).findFirst().orElse("none");
  }

  @Test
  void eachUserRegionResolvesToItsNearestEdge() throws Exception {
    assertThat(answer(query("127.101.0.1", false))).isEqualTo("127.0.1.1");
    assertThat(answer(query("127.102.0.1", false))).isEqualTo("127.0.2.1");
    assertThat(answer(query("127.103.0.1", true))).isEqualTo("127.0.3.1");
  }

  @Test
  void clientSubnetPlacesTheClientAndIsEchoedWithAScope() throws Exception {
    Message response = query("127.0.0.1", false,
        new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0")));
    assertThat(answer(response)).isEqualTo("127.0.2.1");
    OPTRecord opt = response.getOPT();
    assertThat(opt).isNotNull();
    ClientSubnetOption echoed = (ClientSubnetOption) opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(echoed.getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void anEdgeAnswersMissThenHitAndTheOriginServesOnce() throws Exception {
    InetSocketAddress seoul = topology.edgeAt(InetAddress.getByName("127.0.1.1")).orElseThrow();
    URI uri = URI.create("http://127.0.1.1:" + seoul.getPort() + "/objects/1?x=1");
    HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> second = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(second.headers().firstValue("Age")).isPresent();
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(topology.originRequests()).isEqualTo(1);

    HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.1.1:" + seoul.getPort() + "/_edge/stats")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    assertThat(stats.body()).contains("\"hits\":1").contains("\"misses\":1").contains("\"hitRatio\":0.5");
  }

  @Test
  void simulatedUsersOfEveryRegionReachTheirEdgeAndWarmItsCache() throws Exception {
    topology.close();
    plan = plan.withTraffic(new TopologyPlan.Traffic(2, 0, 7));
    topology = Topology.start(plan, Clock.systemUTC());
    try (TrafficDriver driver = TrafficDriver.start(topology, Clock.systemUTC(), 200)) {
      assertThat(driver.awaitCompletion(Duration.ofSeconds(60))).isTrue();
      for (RegionTraffic region : driver.traffic().values()) {
        assertThat(region.requests()).as(region.region()).isEqualTo(400);
        assertThat(region.errors()).as(region.region()).isZero();
      }
      for (String edge : List.of("seoul", "london", "sao-paulo")) {
        // An edge counts a request when its exchange completes, a moment after the client has the last byte.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (topology.edgeStats().get(edge).requests() < 400 && System.nanoTime() < deadline) Thread.onSpinWait();
        EdgeStats stats = topology.edgeStats().get(edge);
        assertThat(stats.requests()).as(edge).isEqualTo(400); // each region's users went to their own edge
        // Zipf 0.9 over 10 000 objects: 400 requests repeat the popular ones, so a good part are hits.
        assertThat(stats.hitRatio()).as(edge).isBetween(0.2, 0.95);
        assertThat(stats.originRequests()).as(edge).isEqualTo(stats.requests() - stats.hits());
      }
    }
  }

  @Test
  void theApiIsPassedWithACookieThatPinsOneReplicaUntilItDies() throws Exception {
    InetSocketAddress seoul = topology.edgeAt(InetAddress.getByName("127.0.1.1")).orElseThrow();
    URI api = URI.create("http://127.0.1.1:" + seoul.getPort() + "/api/whoami");
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString());
    String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("cdnsim_route=").containsIgnoringCase("HttpOnly").doesNotContain("127.0.10");
    assertThat(first.headers().firstValue("X-Cache")).hasValue("PASS");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String pinned = replica(first.body());
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> again = http.send(HttpRequest.newBuilder(api).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(replica(again.body())).isEqualTo(pinned);
    }
    topology.node(pinned).stop();
    HttpResponse<String> moved = http.send(HttpRequest.newBuilder(api).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(replica(moved.body())).isNotEqualTo(pinned);
  }

  @Test
  void aDeadOriginReplicaCostsNoFailedCacheableRequest() throws Exception {
    InetSocketAddress london = topology.edgeAt(InetAddress.getByName("127.0.2.1")).orElseThrow();
    topology.node("us-east-1").stop();
    for (int object = 100; object < 140; object++) { // cold objects: every one goes to the origin
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.2.1:" + london.getPort() + "/objects/" + object)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("object %d", object).isEqualTo(200);
    }
    assertThat(topology.originRequestsById().get("us-east-2")).isEqualTo(40);
  }

  private static String replica(String apiAnswer) {
    return apiAnswer.replaceAll(".*\"replica\":\"([^\"]+)\".*\\s*", "$1").trim();
  }

  @Test
  void aRegionWithARateOfItsOwnSendsItAndTheOthersShareTheRest() throws Exception {
    topology.close();
    List<TopologyPlan.Region> regions = plan.regions().stream().map(r -> !r.id().equals("sao-paulo") ? r
        : new TopologyPlan.Region(r.id(), r.clients(), r.ecs(), r.location(), r.weight(), 40)).toList();
    plan = new TopologyPlan(plan.source(), plan.dns(), plan.origins(), plan.edges(), regions, plan.catalog(),
        plan.classShares(), plan.zipfAlpha(), new TopologyPlan.Traffic(2, 240, 5), plan.balancing());
    topology = Topology.start(plan, Clock.systemUTC());
    try (TrafficDriver driver = TrafficDriver.startFor(topology, Clock.systemUTC(), Duration.ofSeconds(1),
        dev.cdnsim.topology.latency.WanLatency.defaults())) {
      assertThat(driver.awaitCompletion(Duration.ofSeconds(30))).isTrue();
      assertThat(driver.traffic().values()).extracting(RegionTraffic::requests).containsExactly(120L, 120L, 40L);
    }
  }

  @Test
  void digFindsTheNearestEdgeWhenInstalled() throws Exception {
    assumeTrue(new ProcessBuilder("sh", "-c", "command -v dig").start().waitFor() == 0, "dig is not installed");
    Process dig = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(topology.dnsAddress().getPort()),
        "-b", "127.102.0.9", "www.cdn.test", "+short", "+time=5", "+tries=1").redirectErrorStream(true).start();
    assertThat(dig.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("127.0.2.1");
  }

  @Test
  void closingFreesEveryPort() throws Exception {
    List<InetSocketAddress> addresses = topology.nodes().stream().map(n -> n.address()).toList();
    InetSocketAddress dns = topology.dnsAddress();
    topology.close();
    for (InetSocketAddress address : addresses) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(address);
      }
    }
    try (DatagramSocket udp = new DatagramSocket(dns)) {
      assertThat(udp.getLocalPort()).isEqualTo(dns.getPort());
    }
  }
}
