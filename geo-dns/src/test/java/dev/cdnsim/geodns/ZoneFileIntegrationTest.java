package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.rdata;
import static dev.cdnsim.geodns.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Static records from an RFC 1035 master file, and replies too big for UDP. */
class ZoneFileIntegrationTest {
  private static final String ZONE = """
      $TTL 300
      @        IN SOA ns1.cdn.test. hostmaster.cdn.test. ( 2026112501 3600 600 604800 60 )
      @        IN NS  ns1
      @        IN NS  ns2
      ns1      IN A   127.0.0.1
      ns2      IN A   127.0.0.2
      static   IN A   127.0.10.1
      static   IN AAAA fd00::10:1
      @        IN MX  10 mail
      mail     IN A   127.0.20.1
      alias    IN CNAME www
      far      IN CNAME elsewhere.example.
      loop1    IN CNAME loop2
      loop2    IN CNAME loop1
      a.b      IN TXT "deep"
      medium   IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
      """;

  @TempDir Path dir;
  private GeoDnsServer server;

  @BeforeEach
  void start() throws IOException {
    Path file = dir.resolve("cdn.test.zone");
    String big = IntStream.range(0, 40)
        .mapToObj(i -> "big IN TXT \"" + "x".repeat(60) + i + "\"")
        .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(file, ZONE + big);
    server = new GeoDnsServer(DefaultTopology.config().withZoneFile(file), Clock.systemUTC())
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Message udp(Message query) throws IOException {
    return RawDns.udpMessage(server.port(), "127.101.0.1", query);
  }

  @Test
  void servesStaticRecordsOfTheFile() throws IOException {
    assertThat(rdata(udp(query("static.cdn.test.", Type.A)), Section.ANSWER))
        .containsExactly("127.0.10.1");
    assertThat(rdata(udp(query("static.cdn.test.", Type.AAAA)), Section.ANSWER))
        .containsExactly("fd00:0:0:0:0:0:10:1");
    assertThat(rdata(udp(query("cdn.test.", Type.MX)), Section.ANSWER))
        .containsExactly("10 mail.cdn.test.");
  }

  @Test
  void soaAndNsOfTheFileReplaceTheGeneratedOnes() throws IOException {
    assertThat(rdata(udp(query("cdn.test.", Type.SOA)), Section.ANSWER)).singleElement()
        .asString().contains("2026112501");
    Message ns = udp(query("cdn.test.", Type.NS));
    assertThat(rdata(ns, Section.ANSWER))
        .containsExactlyInAnyOrder("ns1.cdn.test.", "ns2.cdn.test.");
    assertThat(rdata(ns, Section.ADDITIONAL)).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
  }

  @Test
  void negativeTtlIsTheSoaMinimumWhenLower() throws IOException {
    Message nx = udp(query("nope.cdn.test.", Type.A));
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(60);
    Message nodata = udp(query("static.cdn.test.", Type.TXT));
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(60);
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() throws IOException {
    Message reply = udp(query("b.cdn.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void cnamesInsideTheZoneAreFollowedToTheGeoAnswer() throws IOException {
    Message reply = udp(query("alias.cdn.test.", Type.A));
    assertThat(rdata(reply, Section.ANSWER)).containsExactly("www.cdn.test.", "127.0.1.1");
    assertThat(rdata(udp(query("far.cdn.test.", Type.A)), Section.ANSWER))
        .containsExactly("elsewhere.example.");
    assertThat(rdata(udp(query("alias.cdn.test.", Type.CNAME)), Section.ANSWER))
        .containsExactly("www.cdn.test.");
    Message loop = udp(query("loop1.cdn.test.", Type.A));
    assertThat(loop.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(loop.getSection(Section.ANSWER)).hasSizeLessThanOrEqualTo(9);
  }

  @Test
  void aReplyTooBigForTheClientsBufferIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
    Message plain = udp(query("big.cdn.test.", Type.TXT));
    assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(plain.numBytes()).isLessThanOrEqualTo(512);

    // A whole RRset that does not fit is left out (RFC 2181 9), with TC telling to retry on TCP.
    assertThat(plain.getSection(Section.ANSWER)).isEmpty();

    Message small = query("medium.cdn.test.", Type.TXT);
    small.addRecord(new OPTRecord(100, 0, 0), Section.ADDITIONAL); // below 512 counts as 512
    Message fits = udp(small);
    assertThat(fits.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(fits.numBytes()).isGreaterThan(200);
    assertThat(fits.getOPT()).isNotNull();

    Message roomy = udp(withEdns(query("big.cdn.test.", Type.TXT)));
    assertThat(roomy.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(roomy.numBytes()).isLessThanOrEqualTo(1232);

    Message large = query("big.cdn.test.", Type.TXT);
    large.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message whole = udp(large);
    assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(whole.getSection(Section.ANSWER)).hasSize(40);

    SimpleResolver tcp = RawDns.resolver(server.port(), "127.101.0.1", true);
    Message overTcp = tcp.send(query("big.cdn.test.", Type.TXT));
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(overTcp.getSection(Section.ANSWER)).hasSize(40);
    assertThat(server.stats().truncated()).isEqualTo(2);
  }

  @Test
  void recordsOutsideTheZoneAreRejectedAtStart() throws IOException {
    Path bad = dir.resolve("bad.zone");
    Files.writeString(bad, "$TTL 60\nwww.example.com. IN A 127.0.0.9\n");
    GeoDnsServer broken = new GeoDnsServer(DefaultTopology.config().withZoneFile(bad),
        Clock.systemUTC());
    assertThatThrownBy(broken::start).isInstanceOf(IOException.class)
        .hasMessageContaining("outside zone");
    broken.close();
  }
}
