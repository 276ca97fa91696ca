package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.withEcs;
import static dev.cdnsim.geodns.Queries.withEdns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets, seeded so a failure replays: the responder must never throw, never
 * hang, and always either drop the packet or reply with the query's ID.
 */
class FuzzTest {
  private static final long SEED = 20261125L;
  private static final int PURE_PACKETS = 1_000_000;
  private static final int SOCKET_PACKETS = 20_000;
  private static final int DIFFERENTIAL_PACKETS = 200_000;

  /** Valid queries to mutate: every code path worth reaching starts from one of these. */
  private static final List<byte[]> CORPUS = List.of(
      query("www.cdn.test.", Type.A).toWire(),
      query("WWW.cdn.test.", Type.AAAA).toWire(),
      query("nope.cdn.test.", Type.MX).toWire(),
      query("cdn.test.", Type.NS).toWire(),
      query("example.com.", Type.A).toWire(),
      withEdns(query("whoami.cdn.test.", Type.TXT)).toWire(),
      withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24).toWire(),
      withEcs(query("www.cdn.test.", Type.ANY), "2001:db8::", 56).toWire(),
      withEdns(query("www.cdn.test.", Type.A), new CookieOption(new byte[8])).toWire(),
      withEdns(query("www.cdn.test.", Type.A), new GenericEDNSOption(65001, new byte[3]))
          .toWire());

  /** Makes the {@code i}-th packet: mostly mutated corpus entries, some pure noise. */
  private static byte[] packet(SplittableRandom random) {
    if (random.nextInt(8) == 0) {
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      return noise;
    }
    byte[] p = CORPUS.get(random.nextInt(CORPUS.size())).clone();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(5)) {
        case 0 -> p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8)); // flip a bit
        case 1 -> p[random.nextInt(p.length)] = (byte) random.nextInt(256); // replace a byte
        case 2 -> p = Arrays.copyOf(p, random.nextInt(p.length + 1)); // truncate
        case 3 -> { // append junk
          int extra = 1 + random.nextInt(16);
          int at = p.length;
          p = Arrays.copyOf(p, p.length + extra);
          for (int i = at; i < p.length; i++) {
            p[i] = (byte) random.nextInt(256);
          }
        }
        default -> { // a compression pointer anywhere
          if (p.length >= 2) {
            int at = random.nextInt(p.length - 1);
            p[at] = (byte) (0xc0 | random.nextInt(64));
            p[at + 1] = (byte) random.nextInt(256);
          }
        }
      }
      if (p.length == 0) {
        break;
      }
    }
    return p;
  }

  @Test
  void aMillionRandomAndMutatedPacketsNeverBreakTheResponder() throws IOException {
    GeoDnsConfig config = DefaultTopology.config();
    QueryStats stats = new QueryStats();
    PacketResponder responder = PacketResponder.forConfig(config, GeoZone.of(config, 1),
        e -> true, stats);
    InetAddress source = ip("127.101.0.1");
    SplittableRandom random = new SplittableRandom(SEED);
    int[] answered = new int[1];
    // A guard against a hang, not a speed test: about 3 s on an idle 2-core machine, 30 s when
    // other builds load it to 20; a hung packet would never finish.
    Assertions.assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
      for (int i = 0; i < PURE_PACKETS; i++) {
        byte[] p = packet(random);
        byte[] reply;
        try {
          reply = responder.respond(p, 0, p.length, source,
              i % 2 == 0 ? PacketResponder.Transport.UDP : PacketResponder.Transport.TCP);
        } catch (Throwable t) {
          throw new AssertionError("packet " + i + " " + HexFormat.of().formatHex(p), t);
        }
        if (reply != null) {
          answered[0]++;
          if (reply.length < 12 || reply[0] != p[0] || reply[1] != p[1] || (reply[2] & 0x80) == 0) {
            fail("bad reply to packet %d %s", i, HexFormat.of().formatHex(p));
          }
          if (i % 2 == 0 && reply.length > PacketResponder.MAX_UDP_SIZE) {
            fail("UDP reply too big for packet %d", i);
          }
        }
      }
    });
    GeoDnsStats snapshot = stats.snapshot();
    // The mix reaches both sides: plenty of FORMERRs and plenty of real answers.
    assertThat(snapshot.byRcode().get("FORMERR")).isGreaterThan(PURE_PACKETS / 20);
    assertThat(snapshot.byRcode().get("NOERROR")).isGreaterThan(PURE_PACKETS / 100);
    assertThat(snapshot.byRcode()).doesNotContainKey("SERVFAIL");
    assertThat(answered[0] + snapshot.dropped()).isEqualTo(PURE_PACKETS);
  }

  @Test
  void theFastPathNeverDisagreesWithTheFullPath() throws IOException {
    GeoDnsConfig config = DefaultTopology.config();
    GeoZone zone = GeoZone.of(config, 1);
    PacketResponder withFastPath =
        PacketResponder.forConfig(config, zone, e -> true, new QueryStats());
    PacketResponder fullOnly = new PacketResponder(
        QueryHandler.forConfig(config, zone, e -> true, new QueryStats()), new QueryStats());
    SplittableRandom random = new SplittableRandom(SEED + 2);
    InetAddress source = ip("127.102.0.1");
    for (int i = 0; i < DIFFERENTIAL_PACKETS; i++) {
      byte[] p = packet(random);
      byte[] fast = withFastPath.respond(p, 0, p.length, source, PacketResponder.Transport.UDP);
      byte[] slow = fullOnly.respond(p, 0, p.length, source, PacketResponder.Transport.UDP);
      if (!Arrays.equals(fast, slow)) {
        fail("paths disagree on packet %d %s", i, HexFormat.of().formatHex(p));
      }
    }
  }

  @Test
  void theUdpServerSurvivesABarrageAndStillAnswers() throws IOException {
    try (GeoDnsServer server = new GeoDnsServer(DefaultTopology.config(), Clock.systemUTC())
        .start();
         DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ip("127.101.0.1"), 0))) {
      InetSocketAddress target = new InetSocketAddress(ip("127.0.0.1"), server.port());
      SplittableRandom random = new SplittableRandom(SEED + 1);
      for (int i = 0; i < SOCKET_PACKETS; i++) {
        byte[] p = packet(random);
        socket.send(new DatagramPacket(p, p.length, target)); // replies are left unread
      }
      // The barrage may still fill the socket's receive buffer, and UDP drops what does not fit:
      // ask again until a deadline, as a stub resolver would.
      Message reply = null;
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (reply == null && System.nanoTime() < deadline) {
        reply = RawDns.udp(server.port(), "127.101.0.1", query("www.cdn.test.", Type.A).toWire(65535))
            .map(FuzzTest::parse).orElse(null);
      }
      assertThat(reply).as("an answer within 20 s of the barrage").isNotNull();
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(Queries.rdata(reply, Section.ANSWER)).containsExactly("127.0.1.1");
      assertThat(server.stats().byRcode()).doesNotContainKey("SERVFAIL");
    }
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
