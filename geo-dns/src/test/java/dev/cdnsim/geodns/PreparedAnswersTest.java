package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.withEcs;
import static dev.cdnsim.geodns.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The pre-rendered fast path gives exactly the bytes of the full path, only faster. */
class PreparedAnswersTest {
  private static final List<String> SOURCES =
      List.of("127.101.0.1", "127.102.0.1", "127.103.0.1", "10.0.0.1");

  @TempDir Path dir;
  private final Set<String> down = new HashSet<>();
  private PacketResponder full;
  private PacketResponder slowOnly;
  private PreparedAnswers prepared;

  @BeforeEach
  void setUp() throws IOException {
    Path zoneFile = dir.resolve("zone");
    Files.writeString(zoneFile, """
        $TTL 300
        static IN A 127.0.10.1
        static IN TXT "hello"
        alias  IN CNAME www
        """);
    GeoDnsConfig config = DefaultTopology.config().withZoneFile(zoneFile)
        .withPolicy("two.cdn.test.", new EdgePolicy.NearestN(2))
        .withPolicy("spare.cdn.test.", new EdgePolicy.CapacityAware());
    GeoZone zone = GeoZone.of(config, 7);
    full = PacketResponder.forConfig(config, zone, e -> !down.contains(e.id()), new QueryStats());
    slowOnly = new PacketResponder(QueryHandler.forConfig(config, zone,
        e -> !down.contains(e.id()), new QueryStats()), new QueryStats());
    ZoneAnswerer answerer = ZoneAnswerer.forConfig(config, zone, e -> false,
        java.util.concurrent.ThreadLocalRandom::current);
    ClientLocator locator = new ClientLocator(new GeoMap(config.geoMap()),
        config.defaultLocation());
    prepared = new PreparedAnswers(zone, answerer, locator, e -> !down.contains(e.id()),
        new QueryStats());
  }

  private static List<Message> corpus() {
    Message dnssecOk = query("www.cdn.test.", Type.A);
    dnssecOk.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    Message checkingDisabled = query("Static.CDN.test.", Type.TXT);
    checkingDisabled.getHeader().setFlag(Flags.CD);
    Message noRecursion = query("www.cdn.test.", Type.A);
    noRecursion.getHeader().unsetFlag(Flags.RD);
    return List.of(query("www.cdn.test.", Type.A), query("WWW.Cdn.Test.", Type.A),
        query("two.cdn.test.", Type.A), query("Spare.cdn.test.", Type.A),
        withEcs(query("two.cdn.test.", Type.A), "192.0.2.0", 24),
        query("www.cdn.test.", Type.AAAA), query("www.cdn.test.", Type.ANY),
        query("www.cdn.test.", Type.MX), query("cdn.test.", Type.SOA), query("cdn.test.", Type.NS),
        query("static.cdn.test.", Type.A), query("static.cdn.test.", Type.ANY),
        query("alias.cdn.test.", Type.A), query("nope.cdn.test.", Type.A),
        query("example.com.", Type.A), query("whoami.cdn.test.", Type.TXT),
        withEdns(query("www.cdn.test.", Type.A)), withEdns(query("static.cdn.test.", Type.A)),
        withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24),
        withEcs(query("www.cdn.test.", Type.A), "203.0.113.77", 32),
        withEcs(query("www.cdn.test.", Type.A), "192.0.0.0", 20),
        withEcs(query("www.cdn.test.", Type.A), "0.0.0.0", 0),
        withEcs(query("www.cdn.test.", Type.A), "2001:db8::", 48),
        withEcs(query("static.cdn.test.", Type.A), "198.51.100.0", 24),
        withEdns(query("www.cdn.test.", Type.A), new CookieOption(new byte[8])),
        dnssecOk, checkingDisabled, noRecursion);
  }

  @Test
  void fastAndFullPathsGiveIdenticalBytes() {
    for (int round = 0; round < 2; round++) { // the second round is served from the cache
      for (Message query : corpus()) {
        byte[] wire = query.toWire();
        for (String source : SOURCES) {
          for (PacketResponder.Transport t : PacketResponder.Transport.values()) {
            byte[] fast = full.respond(wire, 0, wire.length, ip(source), t);
            byte[] slow = slowOnly.respond(wire, 0, wire.length, ip(source), t);
            assertThat(HexFormat.of().formatHex(fast))
                .as("%s from %s over %s", query.getQuestion(), source, t)
                .isEqualTo(HexFormat.of().formatHex(slow));
          }
        }
      }
    }
  }

  private byte[] fast(Message query, String source) throws IOException {
    byte[] wire = query.toWire();
    return prepared.respond(wire, 0, wire.length, ip(source), PacketResponder.Transport.UDP);
  }

  @Test
  void coversTheCommonQueriesAndLeavesTheRestToTheFullPath() throws IOException {
    assertThat(fast(query("www.cdn.test.", Type.A), "127.101.0.1")).isNotNull();
    assertThat(fast(withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24), "127.101.0.1"))
        .isNotNull();
    assertThat(fast(query("static.cdn.test.", Type.A), "127.101.0.1")).isNotNull();
    assertThat(fast(query("www.cdn.test.", Type.MX), "127.101.0.1")).isNotNull();
    assertThat(fast(query("nope.cdn.test.", Type.A), "127.101.0.1")).isNull();
    assertThat(fast(query("example.com.", Type.A), "127.101.0.1")).isNull();
    assertThat(fast(query("whoami.cdn.test.", Type.TXT), "127.101.0.1")).isNull();
    assertThat(fast(query("alias.cdn.test.", Type.A), "127.101.0.1")).isNull();
    Message badvers = query("www.cdn.test.", Type.A);
    badvers.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    assertThat(fast(badvers, "127.101.0.1")).isNull();
    Message twoSubnets = withEdns(query("www.cdn.test.", Type.A),
        new ClientSubnetOption(24, ip("198.51.100.0")), new ClientSubnetOption(24, ip("192.0.2.0")));
    assertThat(fast(twoSubnets, "127.101.0.1")).isNull();
  }

  @Test
  void aHealthChangeIsSeenAtOnceDespiteTheCache() throws IOException {
    Message query = query("www.cdn.test.", Type.A);
    assertThat(Queries.rdata(new Message(fast(query, "127.101.0.1")), Section.ANSWER))
        .containsExactly("127.0.1.1");
    down.add("seoul");
    assertThat(Queries.rdata(new Message(fast(query, "127.101.0.1")), Section.ANSWER))
        .containsExactly("127.0.2.1");
    down.clear();
    assertThat(Queries.rdata(new Message(fast(query, "127.101.0.1")), Section.ANSWER))
        .containsExactly("127.0.1.1");
  }
}
