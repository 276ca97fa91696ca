package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Bytes in, bytes out: malformed packets get FORMERR or silence, never an exception. */
class PacketResponderTest {
  private static final HexFormat HEX = HexFormat.of();
  /** ID 0xabcd, RD, QDCOUNT 1: the header of every hand-made packet below. */
  private static final String HEADER = "abcd01000001000000000000";
  private static final String WWW = "037777770363646e0474657374" + "00";
  private static final String A_IN = "00010001";

  private PacketResponder responder;
  private QueryStats stats;

  @BeforeEach
  void setUp() throws IOException {
    GeoDnsConfig config = DefaultTopology.config();
    stats = new QueryStats();
    responder = new PacketResponder(
        QueryHandler.forConfig(config, GeoZone.of(config, 1), e -> true, stats), stats);
  }

  private byte[] respond(byte[] packet) {
    return responder.respond(packet, 0, packet.length, ip("127.101.0.1"),
        PacketResponder.Transport.UDP);
  }

  private Message respondHex(String hex) throws IOException {
    byte[] reply = respond(HEX.parseHex(hex));
    assertThat(reply).as("reply to %s", hex).isNotNull();
    return new Message(reply);
  }

  private void assertFormerr(String hex) throws IOException {
    Message reply = respondHex(hex);
    assertThat(reply.getRcode()).as(hex).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getHeader().getID()).isEqualTo(0xabcd);
  }

  @Test
  void aWellFormedHandMadeQueryIsAnswered() throws IOException {
    Message reply = respondHex(HEADER + WWW + A_IN);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(Queries.rdata(reply, org.xbill.DNS.Section.ANSWER)).containsExactly("127.0.1.1");
  }

  @Test
  void packetsWithoutAWholeHeaderAreDropped() {
    assertThat(respond(new byte[0])).isNull();
    assertThat(respond(HEX.parseHex("abcd0100000100000000"))).isNull();
    assertThat(stats.snapshot().dropped()).isEqualTo(2);
  }

  @Test
  void responsesAreNeverAnswered() {
    assertThat(respond(HEX.parseHex("abcd81000001000000000000" + WWW + A_IN))).isNull();
  }

  @Test
  void trailingJunkIsAFormatError() throws IOException {
    assertFormerr(HEADER + WWW + A_IN + "00");
    assertFormerr(HEADER + WWW + A_IN + "deadbeef");
  }

  @Test
  void badLabelsAreAFormatError() throws IOException {
    assertFormerr(HEADER + "40" + "61".repeat(64) + "00" + A_IN); // 0x40: reserved label type
    assertFormerr(HEADER + "0a616263" + A_IN); // label longer than the packet
    assertFormerr(HEADER + "03777777"); // name never ends
    assertFormerr(HEADER + ("3f" + "61".repeat(63)).repeat(4) + "00" + A_IN); // name > 255
  }

  @Test
  void compressionLoopsAndForwardPointersAreAFormatError() throws IOException {
    assertFormerr(HEADER + "c00c" + A_IN); // points at itself
    assertFormerr(HEADER + "c010" + A_IN + "0377777700"); // points forward
    assertFormerr(HEADER + "c0ff" + A_IN); // points past the end
  }

  @Test
  void countsThatDoNotMatchTheContentAreAFormatError() throws IOException {
    assertFormerr("abcd01000002000000000000" + WWW + A_IN); // says two questions
    assertFormerr("abcd01000001000000000001" + WWW + A_IN); // says one additional
    assertFormerr("abcd03000001000000000001" + WWW + A_IN); // same, with TC set (lenient parse)
    assertFormerr("abcd01000000000000000000" + WWW + A_IN); // no question, content anyway
    assertFormerr("abcd01000000000000000000"); // no question at all
    assertFormerr("abcd01000001000100000000" + WWW + A_IN + "c00c000100010000001e0004"
        + "7f000101"); // an answer in a query
  }

  @Test
  void malformedClientSubnetIsAFormatError() throws IOException {
    String opt = "0000290200000000000000"; // root, OPT, 512, no rcode/flags, then rdlength
    String withOpt = "abcd01000001000000000001" + WWW + A_IN;
    assertFormerr(withOpt + opt.substring(0, 18) + "000b" + "0008" + "0007"
        + "0003" + "1800" + "c63364"); // family 3
    assertFormerr(withOpt + opt.substring(0, 18) + "000b" + "0008" + "0007"
        + "0001" + "2100" + "c63364"); // IPv4 source prefix 33
    assertFormerr(withOpt + opt.substring(0, 18) + "000c" + "0008" + "0008"
        + "0001" + "1800" + "c6336401"); // more address bytes than the prefix needs
    assertFormerr(withOpt + opt.substring(0, 18) + "000b" + "0008" + "0007"
        + "0001" + "1700" + "c63365"); // bits set past the /23 prefix
    assertFormerr(withOpt + opt.substring(0, 18) + "0005" + "0008" + "0001" + "00");
  }

  @Test
  void aWellFormedClientSubnetOnTheWireIsHonoured() throws IOException {
    Message reply = respondHex("abcd01000001000000000001" + WWW + A_IN + "0000290200000000000000"
        .substring(0, 18) + "000b" + "0008" + "0007" + "0001" + "1800" + "c63364");
    assertThat(Queries.rdata(reply, org.xbill.DNS.Section.ANSWER)).containsExactly("127.0.2.1");
    assertThat(Queries.echoedSubnet(reply).getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void formerrEchoesIdOpcodeAndRdButNothingElse() throws IOException {
    byte[] reply = respond(HEX.parseHex(HEADER + WWW + A_IN + "00"));
    assertThat(HEX.formatHex(reply)).isEqualTo("abcd810100000000" + "00000000");
  }

  @Test
  void aBugBecomesServfailNotAnException() throws IOException {
    GeoDnsConfig config = DefaultTopology.config();
    QueryStats buggyStats = new QueryStats();
    PacketResponder buggy = PacketResponder.forConfig(config, GeoZone.of(config, 1), e -> {
      throw new IllegalStateException("health table bug");
    }, buggyStats);
    byte[] query = HEX.parseHex(HEADER + WWW + A_IN);
    byte[] reply = buggy.respond(query, 0, query.length, ip("127.101.0.1"),
        PacketResponder.Transport.UDP);
    assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(new Message(reply).getHeader().getID()).isEqualTo(0xabcd);
    assertThat(buggyStats.snapshot().byRcode()).containsEntry("SERVFAIL", 1L);
  }

  @Test
  void udpRepliesAreBoundedBy512BytesWithoutEdns() {
    byte[] wire = query("www.cdn.test.", Type.A).toWire();
    byte[] reply = respond(wire);
    assertThat(reply.length).isLessThanOrEqualTo(512);
    assertThat(Arrays.copyOf(reply, 2)).isEqualTo(Arrays.copyOf(wire, 2));
  }
}
