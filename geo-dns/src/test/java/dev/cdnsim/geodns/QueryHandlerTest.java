package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.SAO_PAULO_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.echoedSubnet;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.rdata;
import static dev.cdnsim.geodns.Queries.withEcs;
import static dev.cdnsim.geodns.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The reply logic on values, without sockets. */
class QueryHandlerTest {
  private static final long SERIAL = 1_764_000_000L;
  private final Set<String> down = new HashSet<>();
  private QueryStats stats;
  private QueryHandler handler;

  @BeforeEach
  void setUp() throws IOException {
    handler = handlerFor(DefaultTopology.config());
  }

  private QueryHandler handlerFor(GeoDnsConfig config) throws IOException {
    stats = new QueryStats();
    return QueryHandler.forConfig(config, GeoZone.of(config, SERIAL),
        e -> !down.contains(e.id()), stats);
  }

  private Message ask(Message query, String source) {
    return handler.answer(query, ip(source));
  }

  @Test
  void serviceNameGetsTheEdgeNearestToTheSourceAddress() {
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly(SEOUL_EDGE);
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.102.3.4"), Section.ANSWER))
        .containsExactly(LONDON_EDGE);
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.103.255.254"), Section.ANSWER))
        .containsExactly(SAO_PAULO_EDGE);
  }

  @Test
  void positiveAnswerIsAuthoritativeWithTheConfiguredTtl() {
    Message query = query("www.cdn.test.", Type.A);
    Message reply = ask(query, "127.101.0.1");
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.getTTL()).isEqualTo(30));
  }

  @Test
  void unknownSourceGetsTheDefaultLocation() {
    // The default location is London.
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "10.9.8.7"), Section.ANSWER))
        .containsExactly(LONDON_EDGE);
  }

  @Test
  void clientSubnetDecidesAndIsEchoedWithTheScopeOfTheMatchedBlock() {
    Message reply = ask(withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24),
        "127.101.0.1");
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(LONDON_EDGE);
    ClientSubnetOption echo = echoedSubnet(reply);
    assertThat(echo.getSourcePrefixLength()).isEqualTo(24);
    assertThat(echo.getScopePrefixLength()).isEqualTo(24);
    assertThat(echo.getAddress()).isEqualTo(ip("198.51.100.0"));

    Message narrower = ask(withEcs(query("www.cdn.test.", Type.A), "203.0.113.64", 26),
        "127.103.0.1");
    assertThat(rdata(narrower, Section.ANSWER)).containsExactly(SEOUL_EDGE);
    assertThat(echoedSubnet(narrower).getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void unmatchedSubnetGetsTheDefaultScopedToItsSourcePrefix() {
    Message reply = ask(withEcs(query("www.cdn.test.", Type.A), "100.64.0.0", 10), "127.101.0.1");
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(LONDON_EDGE);
    assertThat(echoedSubnet(reply).getScopePrefixLength()).isEqualTo(10);
  }

  @Test
  void answersThatDoNotDependOnTheClientHaveScopeZero() {
    for (String name : List.of("cdn.test.", "nope.cdn.test.", "ns1.cdn.test.")) {
      Message reply = ask(withEcs(query(name, Type.A), "198.51.100.0", 24), "127.101.0.1");
      assertThat(echoedSubnet(reply).getScopePrefixLength()).as(name).isZero();
      assertThat(echoedSubnet(reply).getSourcePrefixLength()).as(name).isEqualTo(24);
    }
    // The service name without IPv6 edges: NODATA for everyone.
    Message aaaa = ask(withEcs(query("www.cdn.test.", Type.AAAA), "198.51.100.0", 24),
        "127.101.0.1");
    assertThat(echoedSubnet(aaaa).getScopePrefixLength()).isZero();
  }

  @Test
  void subnetWithSourcePrefixZeroMeansUseTheSourceAddress() {
    Message reply = ask(withEcs(query("www.cdn.test.", Type.A), "0.0.0.0", 0), "127.103.0.9");
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(SAO_PAULO_EDGE);
    assertThat(echoedSubnet(reply).getScopePrefixLength()).isZero();
  }

  @Test
  void optIsInTheReplyIffTheQueryHadOne() {
    assertThat(ask(query("www.cdn.test.", Type.A), "127.101.0.1").getOPT()).isNull();
    Message query = query("www.cdn.test.", Type.A);
    query.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    OPTRecord opt = ask(query, "127.101.0.1").getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(QueryHandler.OUR_PAYLOAD_SIZE);
    assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(opt.getOptions()).isEmpty();
  }

  @Test
  void unknownEdnsOptionsAreIgnored() {
    Message reply = ask(withEdns(query("www.cdn.test.", Type.A),
        new GenericEDNSOption(65001, new byte[] {1, 2, 3})), "127.101.0.1");
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(SEOUL_EDGE);
    assertThat(reply.getOPT().getOptions()).isEmpty();
  }

  @Test
  void ednsVersionAboveZeroGetsBadversWithVersionZero() {
    Message query = query("www.cdn.test.", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    Message reply = ask(query, "127.101.0.1");
    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getOPT().getVersion()).isZero();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void twoClientSubnetOptionsAreAFormatError() {
    Message query = withEdns(query("www.cdn.test.", Type.A),
        new ClientSubnetOption(24, ip("198.51.100.0")), new ClientSubnetOption(24, ip("192.0.2.0")));
    assertThat(ask(query, "127.101.0.1").getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void namesMatchCaseInsensitivelyAndTheQuestionIsEchoedAsSent() {
    Message reply = ask(query("WwW.cDn.TEST.", Type.A), "127.101.0.1");
    assertThat(reply.getQuestion().getName().toString()).isEqualTo("WwW.cDn.TEST.");
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(SEOUL_EDGE);
  }

  @Test
  void apexHasSoaAndNsWithGlue() {
    Message soa = ask(query("cdn.test.", Type.SOA), "127.101.0.1");
    SOARecord record = (SOARecord) soa.getSection(Section.ANSWER).get(0);
    assertThat(record.getHost()).hasToString("ns1.cdn.test.");
    assertThat(record.getAdmin()).hasToString("hostmaster.cdn.test.");
    assertThat(record.getSerial()).isEqualTo(SERIAL);
    assertThat(soa.getHeader().getFlag(Flags.AA)).isTrue();

    Message ns = ask(query("cdn.test.", Type.NS), "127.101.0.1");
    assertThat(rdata(ns, Section.ANSWER)).containsExactly("ns1.cdn.test.");
    assertThat(ns.getSection(Section.ADDITIONAL)).singleElement().satisfies(glue -> {
      assertThat(glue.getName()).hasToString("ns1.cdn.test.");
      assertThat(glue.rdataToString()).isEqualTo("127.0.0.1");
    });
    assertThat(rdata(ask(query("ns1.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly("127.0.0.1");
  }

  @Test
  void unknownNameIsNxdomainWithTheSoaInAuthority() {
    Message reply = ask(query("nope.cdn.test.", Type.A), "127.101.0.1");
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    // Below the service name nothing exists either.
    assertThat(ask(query("x.www.cdn.test.", Type.A), "127.101.0.1").getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void knownNameWithoutTheTypeIsNodata() {
    for (int type : List.of(Type.MX, Type.TXT, Type.AAAA, Type.CNAME)) {
      Message reply = ask(query("www.cdn.test.", type), "127.101.0.1");
      assertThat(reply.getRcode()).as(Type.string(type)).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).as(Type.string(type)).isEmpty();
      assertThat(reply.getSection(Section.AUTHORITY)).singleElement()
          .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    }
  }

  @Test
  void namesOutsideTheZoneAreRefusedWithoutAuthority() {
    for (String name : List.of("example.com.", "test.", "cdn.test.evil.", ".")) {
      Message reply = ask(query(name, Type.A), "127.101.0.1");
      assertThat(reply.getRcode()).as(name).isEqualTo(Rcode.REFUSED);
      assertThat(reply.getHeader().getFlag(Flags.AA)).as(name).isFalse();
      assertThat(reply.getSection(Section.ANSWER)).as(name).isEmpty();
    }
  }

  @Test
  void otherClassesAndZoneTransfersAreRefused() {
    Message chaos = Message.newQuery(Record.newRecord(Queries.name("www.cdn.test."), Type.TXT,
        DClass.CH));
    assertThat(ask(chaos, "127.101.0.1").getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(ask(query("cdn.test.", Type.AXFR), "127.101.0.1").getRcode())
        .isEqualTo(Rcode.REFUSED);
  }

  @Test
  void otherOpcodesAreNotImplemented() {
    Message status = query("www.cdn.test.", Type.A);
    status.getHeader().setOpcode(Opcode.STATUS);
    assertThat(ask(status, "127.101.0.1").getRcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void anyIsAnsweredWithOneRrset() {
    Message reply = ask(query("www.cdn.test.", Type.ANY), "127.101.0.1");
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.A));
    Message apex = ask(query("cdn.test.", Type.ANY), "127.101.0.1");
    assertThat(apex.getSectionRRsets(Section.ANSWER)).hasSize(1);
  }

  @Test
  void unhealthyEdgeLeavesTheAnswerForTheNextNearest() {
    down.add("seoul");
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly(LONDON_EDGE);
    assertThat(stats.snapshot().failedOpen()).isZero();
  }

  @Test
  void allEdgesDownFailsOpenToTheNearestAndCountsIt() {
    down.addAll(List.of("seoul", "london", "sao-paulo"));
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly(SEOUL_EDGE);
    assertThat(stats.snapshot().failedOpen()).isEqualTo(1);
  }

  @Test
  void aaaaComesFromEdgesWithIpv6Addresses() throws IOException {
    GeoDnsConfig base = DefaultTopology.config();
    List<EdgeSite> edges = new java.util.ArrayList<>(base.edges());
    edges.add(new EdgeSite("london", ip("fd00::2:1"), DefaultTopology.LONDON, null));
    handler = handlerFor(new GeoDnsConfig(base.listen(), base.zone(), base.serviceName(),
        base.ttlSeconds(), edges, base.geoMap(), base.defaultLocation(), base.health()));
    assertThat(rdata(ask(query("www.cdn.test.", Type.AAAA), "127.101.0.1"), Section.ANSWER))
        .containsExactly("fd00:0:0:0:0:0:2:1");
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly(SEOUL_EDGE);
  }

  @Test
  void eachServiceNameAnswersWithItsOwnPolicy() throws IOException {
    handler = handlerFor(DefaultTopology.config()
        .withPolicy("all.cdn.test.", new EdgePolicy.NearestN(3))
        .withPolicy("WWW.cdn.test.", new EdgePolicy.NearestN(2)));
    assertThat(rdata(ask(query("all.cdn.test.", Type.A), "127.102.0.1"), Section.ANSWER))
        .containsExactly(LONDON_EDGE, SEOUL_EDGE, SAO_PAULO_EDGE);
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "127.101.0.1"), Section.ANSWER))
        .containsExactly(SEOUL_EDGE, LONDON_EDGE);
    assertThat(ask(query("other.cdn.test.", Type.A), "127.101.0.1").getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aSubnetNoBlockPlacesGetsTheNearestEdgeToItsRegistrysRegion() {
    // A Brazilian resolver's subnet: the South American edge, scoped to the subnet the resolver sent.
    Message reply = ask(withEcs(query("www.cdn.test.", Type.A), "200.160.0.0", 16), "127.101.0.1");
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(SAO_PAULO_EDGE);
    assertThat(echoedSubnet(reply).getScopePrefixLength()).isEqualTo(16);
    // An Asian source address without ECS, and an IPv6 one of the RIPE NCC's.
    assertThat(rdata(ask(query("www.cdn.test.", Type.A), "1.1.1.1"), Section.ANSWER)).containsExactly(SEOUL_EDGE);
    assertThat(rdata(ask(withEcs(query("www.cdn.test.", Type.A), "2a00:1450::", 32), "127.101.0.1"),
        Section.ANSWER)).containsExactly(LONDON_EDGE);
    assertThat(rdata(ask(withEcs(query("whoami.cdn.test.", Type.TXT), "200.160.0.0", 16), "127.101.0.1"),
        Section.ANSWER)).singleElement().asString().contains("\"location registry:lacnic (-15.0,-55.0)\"");
  }

  @Test
  void whoamiTellsWhatTheServerSaw() {
    Message reply = ask(withEcs(query("whoami.cdn.test.", Type.TXT), "198.51.100.0", 24),
        "127.101.0.7");
    assertThat(rdata(reply, Section.ANSWER)).singleElement().asString()
        .contains("\"source 127.101.0.7\"", "\"ecs 198.51.100.0/24 scope 24\"",
            "\"location london (51.5074,-0.1278)\"", "\"edge london=127.0.2.1\"");
    assertThat(reply.getSection(Section.ANSWER).get(0).getTTL()).isZero();
    assertThat(ask(query("whoami.cdn.test.", Type.A), "127.101.0.7").getSection(Section.ANSWER))
        .isEmpty();
  }

  @Test
  void statsCountTypesRcodesLocationsAndEdges() {
    ask(query("www.cdn.test.", Type.A), "127.101.0.1");
    ask(query("www.cdn.test.", Type.A), "127.101.0.2");
    ask(withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24), "127.101.0.1");
    ask(query("nope.cdn.test.", Type.MX), "127.101.0.1");
    ask(query("example.com.", Type.A), "127.101.0.1");
    GeoDnsStats snapshot = stats.snapshot();
    assertThat(snapshot.queries()).isEqualTo(5);
    assertThat(snapshot.byType()).containsEntry("A", 4L).containsEntry("MX", 1L);
    assertThat(snapshot.byRcode()).containsEntry("NOERROR", 3L).containsEntry("NXDOMAIN", 1L)
        .containsEntry("REFUSED", 1L);
    assertThat(snapshot.byLocation()).containsEntry("seoul", 2L).containsEntry("london", 1L);
    assertThat(snapshot.answersByEdge()).containsEntry("seoul", 2L).containsEntry("london", 1L);
  }
}
