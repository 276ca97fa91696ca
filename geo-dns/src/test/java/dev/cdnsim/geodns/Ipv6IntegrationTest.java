package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.echoedSubnet;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.rdata;
import static dev.cdnsim.geodns.Queries.withEcs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server on ::1: IPv6 sources and IPv6 client subnets in the geo map; skipped without ::1. */
class Ipv6IntegrationTest {
  private GeoDnsServer server;

  @BeforeEach
  void start() throws IOException {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(ip("::1"), 0))) {
      assumeTrue(probe.isBound());
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback: " + e.getMessage());
    }
    GeoDnsConfig base = DefaultTopology.config();
    List<GeoBlock> blocks = new ArrayList<>(base.geoMap());
    blocks.add(new GeoBlock("::1/128", SEOUL, "seoul-v6"));
    blocks.add(new GeoBlock("2001:db8::/32", LONDON, "london-v6"));
    List<EdgeSite> edges = new ArrayList<>(base.edges());
    edges.add(new EdgeSite("seoul", ip("fd00::1:1"), SEOUL, null));
    server = new GeoDnsServer(new GeoDnsConfig(new InetSocketAddress(ip("::1"), 0), base.zone(),
        base.serviceName(), base.ttlSeconds(), edges, blocks, DefaultTopology.SAO_PAULO,
        base.health()), Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Message ask(Message query, boolean tcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver(ip("::1"));
    resolver.setPort(server.port());
    resolver.setTCP(tcp);
    resolver.setTimeout(RawDns.REPLY_WAIT);
    return resolver.send(query);
  }

  @Test
  void anIpv6SourceIsPlacedByTheGeoMap() throws IOException {
    for (boolean tcp : new boolean[] {false, true}) {
      assertThat(rdata(ask(query("www.cdn.test.", Type.A), tcp), Section.ANSWER))
          .containsExactly(DefaultTopology.SEOUL_EDGE);
      assertThat(rdata(ask(query("www.cdn.test.", Type.AAAA), tcp), Section.ANSWER))
          .containsExactly("fd00:0:0:0:0:0:1:1");
    }
  }

  @Test
  void anIpv6ClientSubnetIsMatchedAndScopedByItsBlock() throws IOException {
    Message reply = ask(withEcs(query("www.cdn.test.", Type.A), "2001:db8:1:200::", 56), false);
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(DefaultTopology.LONDON_EDGE);
    assertThat(echoedSubnet(reply).getSourcePrefixLength()).isEqualTo(56);
    assertThat(echoedSubnet(reply).getScopePrefixLength()).isEqualTo(32);
  }

  @Test
  void noGlueForAnIpv6ListenAddress() throws IOException {
    Message ns = ask(query("cdn.test.", Type.NS), false);
    assertThat(rdata(ns, Section.ANSWER)).containsExactly("ns1.cdn.test.");
    assertThat(ns.getSection(Section.ADDITIONAL).stream()
        .filter(r -> r.getType() != Type.OPT)).isEmpty();
  }
}
