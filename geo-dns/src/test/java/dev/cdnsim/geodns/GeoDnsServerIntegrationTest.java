package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.SAO_PAULO_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.echoedSubnet;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.rdata;
import static dev.cdnsim.geodns.Queries.withEcs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The server through real UDP and TCP sockets on loopback, from the regions' source addresses. */
class GeoDnsServerIntegrationTest {
  private GeoDnsServer server;

  private GeoDnsServer start(GeoDnsConfig config) throws IOException {
    server = new GeoDnsServer(config, Clock.systemUTC()).start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0} over TCP={2} gets {1}")
  @CsvSource({
      "127.101.0.1, " + SEOUL_EDGE + ", false", "127.102.0.1, " + LONDON_EDGE + ", false",
      "127.103.0.1, " + SAO_PAULO_EDGE + ", false", "127.101.0.1, " + SEOUL_EDGE + ", true",
      "127.102.0.1, " + LONDON_EDGE + ", true", "127.103.0.1, " + SAO_PAULO_EDGE + ", true"})
  void answersTheEdgeNearestToTheSourceAddress(String source, String edge, boolean tcp)
      throws IOException {
    int port = start(DefaultTopology.config()).port();
    Message reply = RawDns.resolver(port, source, tcp).send(query("www.cdn.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(reply, Section.ANSWER)).containsExactly(edge);
  }

  @Test
  void clientSubnetWinsOverTheSourceAddressOnUdpAndTcp() throws IOException {
    int port = start(DefaultTopology.config()).port();
    for (boolean tcp : new boolean[] {false, true}) {
      Message reply = RawDns.resolver(port, "127.101.0.1", tcp)
          .send(withEcs(query("www.cdn.test.", Type.A), "192.0.2.0", 24));
      assertThat(rdata(reply, Section.ANSWER)).containsExactly(SAO_PAULO_EDGE);
      assertThat(echoedSubnet(reply).getScopePrefixLength()).isEqualTo(24);
    }
  }

  @Test
  void udpAndTcpShareOneEphemeralPort() throws IOException {
    int port = start(DefaultTopology.config()).port();
    assertThat(port).isPositive();
    try (Socket socket = RawDns.tcp(port, "127.0.0.1")) {
      assertThat(socket.isConnected()).isTrue();
    }
    assertThat(RawDns.udpMessage(port, "127.0.0.1", query("cdn.test.", Type.SOA)).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void pipelinedTcpQueriesAreAllAnsweredInOrder() throws IOException {
    int port = start(DefaultTopology.config()).port();
    Message first = query("www.cdn.test.", Type.A);
    Message second = query("nope.cdn.test.", Type.A);
    Message third = withEcs(query("www.cdn.test.", Type.A), "198.51.100.0", 24);
    try (Socket socket = RawDns.tcp(port, "127.101.0.1")) {
      RawDns.writeFramed(socket.getOutputStream(), first.toWire(), second.toWire(),
          third.toWire());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Message r1 = RawDns.readFramed(in);
      Message r2 = RawDns.readFramed(in);
      Message r3 = RawDns.readFramed(in);
      assertThat(r1.getHeader().getID()).isEqualTo(first.getHeader().getID());
      assertThat(rdata(r1, Section.ANSWER)).containsExactly(SEOUL_EDGE);
      assertThat(r2.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(rdata(r3, Section.ANSWER)).containsExactly(LONDON_EDGE);
    }
    assertThat(server.stats().tcpConnections()).isEqualTo(1);
  }

  @Test
  void idleTcpConnectionsAreClosed() throws IOException {
    GeoDnsConfig config = DefaultTopology.config().withOptions(
        GeoDnsOptions.DEFAULT.withTcp(Duration.ofMillis(200), 16));
    int port = start(config).port();
    try (Socket socket = RawDns.tcp(port, "127.101.0.1")) {
      // Blocks until the server gives up on us: end of stream (our own 10 s read timeout would
      // throw instead).
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aClientTricklingBytesCannotStretchTheIdleTimeout() throws Exception {
    GeoDnsConfig config = DefaultTopology.config().withOptions(
        GeoDnsOptions.DEFAULT.withTcp(Duration.ofMillis(300), 16));
    int port = start(config).port();
    byte[] wire = query("www.cdn.test.", Type.A).toWire();
    byte[] framed = new byte[wire.length + 2];
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (Socket socket = RawDns.tcp(port, "127.101.0.1")) {
      OutputStream out = socket.getOutputStream();
      AtomicInteger sent = new AtomicInteger();
      // One byte every 50 ms: each gap is well inside 300 ms, the whole query (~1.6 s) is not.
      trickle.scheduleAtFixedRate(() -> {
        int i = sent.getAndIncrement();
        if (i < framed.length) {
          try {
            out.write(framed[i]);
          } catch (IOException closed) {
            throw new UncheckedIOException(closed); // cancels the task
          }
        }
      }, 0, 50, TimeUnit.MILLISECONDS);
      int first;
      try {
        first = socket.getInputStream().read();
      } catch (SocketException reset) { // closed with our bytes unread: an RST
        first = -1;
      }
      assertThat(first).as("the server must close, not answer").isEqualTo(-1);
      assertThat(sent.get()).isLessThan(framed.length);
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void connectionsBeyondTheBoundAreClosedAtOnce() throws IOException {
    GeoDnsConfig config = DefaultTopology.config().withOptions(
        GeoDnsOptions.DEFAULT.withTcp(Duration.ofSeconds(10), 2));
    int port = start(config).port();
    try (Socket a = RawDns.tcp(port, "127.101.0.1"); Socket b = RawDns.tcp(port, "127.101.0.2")) {
      for (Socket open : new Socket[] {a, b}) { // answered, so surely accepted and counted
        RawDns.writeFramed(open.getOutputStream(), query("www.cdn.test.", Type.A).toWire());
        RawDns.readFramed(new DataInputStream(open.getInputStream()));
      }
      try (Socket c = RawDns.tcp(port, "127.101.0.3")) {
        assertThat(c.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(server.stats().tcpRejected()).isEqualTo(1);
      // The open ones still work.
      RawDns.writeFramed(a.getOutputStream(), query("www.cdn.test.", Type.A).toWire());
      assertThat(RawDns.readFramed(new DataInputStream(a.getInputStream())).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void badPacketsGetFormerrOrSilenceAndTheServerKeepsAnswering() throws IOException {
    int port = start(DefaultTopology.config()).port();
    // Silence cannot be awaited, only bounded: a reply would come in microseconds.
    assertThat(RawDns.udp(port, "127.101.0.1", new byte[] {1, 2, 3, 4, 5}, Duration.ofSeconds(1)))
        .isEmpty();
    byte[] junk = query("www.cdn.test.", Type.A).toWire();
    byte[] trailing = java.util.Arrays.copyOf(junk, junk.length + 3);
    byte[] reply = RawDns.udp(port, "127.101.0.1", trailing).orElseThrow();
    assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(rdata(RawDns.udpMessage(port, "127.101.0.1", query("www.cdn.test.", Type.A)),
        Section.ANSWER)).containsExactly(SEOUL_EDGE);
    assertThat(server.stats().dropped()).isEqualTo(1);
    assertThat(server.stats().byRcode()).containsEntry("FORMERR", 1L);
  }

  @Test
  void closeFreesBothSocketsAndStopsAnswering() throws IOException {
    int port = start(DefaultTopology.config()).port();
    server.close();
    server.close(); // idempotent
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ip("127.0.0.1"), port));
         ServerSocket tcp = new ServerSocket()) {
      tcp.bind(new InetSocketAddress(ip("127.0.0.1"), port));
      assertThat(udp.getLocalPort()).isEqualTo(tcp.getLocalPort());
    }
  }

  @Test
  void failsToStartWithAClearMessageWhenThePortIsTaken() throws IOException {
    int port = start(DefaultTopology.config()).port();
    GeoDnsConfig same = DefaultTopology.config();
    GeoDnsConfig clash = new GeoDnsConfig(new InetSocketAddress(ip("127.0.0.1"), port),
        same.zone(), same.serviceName(), same.ttlSeconds(), same.edges(), same.geoMap(),
        same.defaultLocation(), same.health());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new GeoDnsServer(clash, Clock.systemUTC()).start())
        .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + port);
  }
}
