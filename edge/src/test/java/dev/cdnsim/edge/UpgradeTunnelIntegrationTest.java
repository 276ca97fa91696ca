package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.edge.tls.SelfSigned;
import dev.cdnsim.edge.tls.SubjectNames;
import dev.cdnsim.edge.tls.TlsConfig;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request that asks to switch protocols (a WebSocket handshake) goes to the replica with its Upgrade, and a 101
 * joins the client's connection to the replica's: bytes both ways, half-closes passed on, both closed at the end.
 * The replica is a raw socket speaking an "echo" protocol: it greets, echoes, and says "bye" when the client ends.
 */
class UpgradeTunnelIntegrationTest {
  private static final String HANDSHAKE = "GET /chat HTTP/1.1\r\nHost: chat.example\r\nConnection: Upgrade\r\n"
      + "Upgrade: echo\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  /** Every request head the replica read. */
  private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
  /** One entry per replica connection that ended, as the replica saw it end. */
  private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  @TempDir Path dir;
  private ServerSocket replica;
  private EdgeServer edge;
  /** The pool's first-byte timeout: how long a tunnel's replica may be silent. */
  private Duration replicaTimeout = Duration.ofSeconds(30);
  /** Counted down to let the replica send its 101; open from the start unless a test holds it. */
  private CountDownLatch switchGate = new CountDownLatch(0);

  @AfterEach
  void stop() throws IOException {
    if (edge != null) edge.close();
    if (replica != null) replica.close();
    threads.shutdownNow();
  }

  private void start(BiFunction<String, String, RouteConfig> route, EdgeOptions options) throws IOException {
    replica = RawHttp.serveEach(threads, this::serve);
    startEdge(URI.create("http://127.0.0.1:" + replica.getLocalPort()), route, options);
  }

  private void startEdge(URI base, BiFunction<String, String, RouteConfig> route, EdgeOptions options) {
    PoolConfig pool = PoolConfig.of("app", List.of(Replica.of("r1", base.toString(), 1)), replicaTimeout);
    BalancerConfig balancer = new BalancerConfig(List.of(pool), List.of(route.apply("/", "app")));
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress(loopback, 0), List.of(base), 8 << 20,
        Duration.ofSeconds(30)).withBalancer(balancer), options, Clock.systemUTC()).start();
  }

  /**
   * A request that asks for "echo" gets 101 with "hello " right behind the head (in the same write), then every
   * byte back until the client's end, then "bye" and the close ("bye" and the close at once for "quit"); any other
   * request gets 426 and the connection goes on.
   */
  private void serve(Socket s) {
    try (s) {
      boolean ended = RawHttp.answerEach(s, heads, (head, in, out) -> {
        if (!head.toLowerCase().contains("\r\nupgrade: echo\r\n")) {
          out.write("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 4\r\n\r\nnope".getBytes(ISO_8859_1));
          return true;
        }
        switchGate.await(10, TimeUnit.SECONDS);
        out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\nX-Replica: r1\r\n"
            + "\r\nhello ").getBytes(ISO_8859_1));
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          if (new String(buf, 0, n, ISO_8859_1).equals("quit")) {
            out.write("bye".getBytes(ISO_8859_1));
            ends.add("replica quit");
            return false;
          }
          out.write(buf, 0, n);
        }
        out.write("bye".getBytes(ISO_8859_1));
        s.shutdownOutput();
        ends.add("client ended its stream");
        return false;
      });
      if (ended) ends.add("closed without a request");
    } catch (IOException | InterruptedException e) {
      ends.add("broke: " + e);
    }
  }

  /**
   * Sends {@code size} random bytes (from {@code seed}) while reading as many back, so that both ways are full at once
   * (more than either side's buffers hold), and checks they came back unchanged.
   */
  private void assertEchoed(InputStream in, OutputStream out, int size, long seed) throws Exception {
    byte[] block = new byte[size];
    new Random(seed).nextBytes(block);
    Future<?> sending = threads.submit(() -> {
      out.write(block);
      out.flush();
      return null;
    });
    byte[] back = in.readNBytes(block.length);
    sending.get(10, TimeUnit.SECONDS);
    assertThat(Arrays.equals(back, block)).as("%d bytes echoed through the tunnel unchanged", size).isTrue();
  }

  private static String readExactly(InputStream in, int n) throws IOException {
    return new String(in.readNBytes(n), ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pass", "cache"})
  void aSwitchingRequestBecomesATunnelToTheReplicaOnEitherKindOfRoute(String kind) throws Exception {
    start(kind.equals("pass") ? RouteConfig::pass : RouteConfig::cache, EdgeOptions.defaults());

    try (Socket client = new Socket(loopback, edge.port())) {
      client.setSoTimeout(10_000);
      tunnelled(client, client.getInputStream(), client.getOutputStream(), kind.equals("pass") ? "route" : "upgrade");
    }
    String forwarded = heads.take();
    assertThat(forwarded).containsIgnoringCase("\r\nConnection: upgrade\r\n").contains("\r\nUpgrade: echo\r\n")
        .contains("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n").contains("\r\nX-Forwarded-For: 127.0.0.1\r\n");
    assertThat(ends.poll(10, TimeUnit.SECONDS)).isEqualTo("client ended its stream");
    // The tunnel counted as the replica's request in flight, and in the edge's open tunnels, until it closed.
    assertThat(awaitStats("\"active\":0")).contains("\"id\":\"r1\"");
    assertThat(awaitText("/_edge/metrics", "\ncdnsim_edge_tunnels_open 0.0\n")).isNotEmpty();
  }

  /**
   * The handshake on {@code client} (passed for the reason {@code passedFor}), then: the replica's greeting that came with its head, an echo, 300 KB each way
   * at once (more than either side's buffers hold), the client's half-close passed on and the replica's "bye" back.
   */
  private void tunnelled(Socket client, InputStream in, OutputStream out, String passedFor) throws Exception {
    out.write(HANDSHAKE.getBytes(ISO_8859_1));
    out.flush();
    String head = RawHttp.readHead(in);
    assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("\r\nUpgrade: echo\r\n")
        .containsIgnoringCase("\r\nConnection: upgrade\r\n").contains("\r\nX-Replica: r1\r\n")
        .containsIgnoringCase("\r\nX-Cache: PASS\r\n").contains("detail=" + passedFor + ";");
    assertThat(readExactly(in, 6)).isEqualTo("hello ");

    out.write("ping-1".getBytes(ISO_8859_1));
    out.flush();
    assertThat(readExactly(in, 6)).isEqualTo("ping-1");
    awaitStats("\"active\":1");
    awaitText("/_edge/metrics", "\ncdnsim_edge_tunnels_open 1.0\n");

    assertEchoed(in, out, 300_000, 7);

    client.shutdownOutput();
    assertThat(new String(in.readAllBytes(), ISO_8859_1)).as("the replica's last word, then the close").isEqualTo("bye");
  }

  @Test
  void quietTunnelsHoldNoBuffers() throws Exception {
    start(RouteConfig::pass, EdgeOptions.defaults());
    List<Socket> clients = new ArrayList<>();
    try {
      open(clients, 10);   // the pools' first buffers
      long before = directBytes();
      open(clients, 100);
      // Held, 200 buffers of 16 KiB would be 3.2 MB; given back while quiet, the same few serve every tunnel.
      assertThat(directBytes() - before).as("direct memory taken by 100 quiet tunnels").isLessThan(1 << 20);
      for (Socket c : clients) {   // and each still works
        c.getOutputStream().write("ping".getBytes(ISO_8859_1));
        assertThat(readExactly(c.getInputStream(), 4)).isEqualTo("ping");
      }
    } finally {
      for (Socket c : clients) c.close();
    }
  }

  @Test
  void aTunnelWhoseReplicaIsSilentForTheTimeoutIsClosed() throws Exception {
    replicaTimeout = Duration.ofMillis(300);
    start(RouteConfig::pass, EdgeOptions.defaults());
    try (Socket client = new Socket(loopback, edge.port())) {
      client.setSoTimeout(10_000);
      long start = System.nanoTime();
      client.getOutputStream().write(HANDSHAKE.getBytes(ISO_8859_1));
      InputStream in = client.getInputStream();
      assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 101 ");
      assertThat(readExactly(in, 6)).isEqualTo("hello ");
      // The echo replica says nothing unasked: the edge closes the tunnel (the read would time out after 10 s).
      assertThat(in.read()).as("the edge's close").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(replicaTimeout);
    }
    assertThat(ends.poll(10, TimeUnit.SECONDS)).as("the replica's connection closed too")
        .isIn("client ended its stream", "broke: java.net.SocketException: Connection reset");
    assertThat(awaitStats("\"active\":0")).contains("\"id\":\"r1\"");
  }

  @Test
  void aSwitchThatComesAfterTheClientLeftClosesTheReplicasConnection() throws Exception {
    switchGate = new CountDownLatch(1);
    start(RouteConfig::pass, EdgeOptions.defaults());
    try (Socket client = new Socket(loopback, edge.port())) {
      client.getOutputStream().write(HANDSHAKE.getBytes(ISO_8859_1));
      assertThat(heads.poll(10, TimeUnit.SECONDS)).as("the handshake at the replica").contains("Upgrade: echo");
    }
    switchGate.countDown();   // the 101 and the greeting, to a client that has gone

    assertThat(ends.poll(10, TimeUnit.SECONDS)).as("the replica's connection closed by the edge")
        .isIn("client ended its stream", "broke: java.net.SocketException: Connection reset");
    assertThat(awaitStats("\"active\":0")).contains("\"id\":\"r1\"");
    assertThat(awaitText("/_edge/metrics", "\ncdnsim_edge_tunnels_open 0.0\n")).isNotEmpty();
    try (Socket client = new Socket(loopback, edge.port())) {   // and the next client is served
      client.setSoTimeout(10_000);
      tunnelled(client, client.getInputStream(), client.getOutputStream(), "route");
    }
  }

  /** Opens {@code n} tunnels through the edge, each up to the replica's greeting, and adds their sockets. */
  private void open(List<Socket> clients, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Socket c = new Socket(loopback, edge.port());
      clients.add(c);
      c.setSoTimeout(10_000);
      c.getOutputStream().write(HANDSHAKE.getBytes(ISO_8859_1));
      assertThat(RawHttp.readHead(c.getInputStream())).startsWith("HTTP/1.1 101 ");
      assertThat(readExactly(c.getInputStream(), 6)).isEqualTo("hello ");
    }
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  @Test
  void aTunnelWorksOverTls() throws Exception {
    SelfSigned certificate = new SelfSigned(dir.resolve("tls"), "t", SubjectNames.forEdge(loopback, List.of()));
    start(RouteConfig::pass, EdgeOptions.defaults().withHttps(new TlsConfig(new InetSocketAddress(loopback, 0),
        certificate)));

    try (Socket client = certificate.load(Clock.systemUTC()).trustingContext().getSocketFactory()
        .createSocket(loopback, edge.httpsPort().orElseThrow())) {
      client.setSoTimeout(10_000);
      // SSLSocket has no half-close: the exchange ends at the echo of the block, and the close ends the tunnel.
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      out.write(HANDSHAKE.getBytes(ISO_8859_1));
      out.flush();
      assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 101 ").contains("\r\nX-Replica: r1\r\n");
      assertThat(readExactly(in, 6)).isEqualTo("hello ");
      assertEchoed(in, out, 100_000, 8);
    }
    assertThat(ends.poll(10, TimeUnit.SECONDS)).as("the client's close reached the replica")
        .isIn("client ended its stream", "broke: java.net.SocketException: Connection reset");
  }

  @Test
  void aReplicaThatDeclinesToSwitchAnswersAsUsualAndTheConnectionGoesOn() throws Exception {
    start(RouteConfig::pass, EdgeOptions.defaults());
    String other = HANDSHAKE.replace("Upgrade: echo", "Upgrade: other");

    List<String> answers = RawHttp.exchanges(edge.port(), null, other, "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(answers.get(0)).startsWith("HTTP/1.1 426 ").endsWith("nope");
    assertThat(answers.get(1)).as("the same client connection, after").startsWith("HTTP/1.1 426 ");
    assertThat(heads.take()).contains("\r\nUpgrade: other\r\n");
    assertThat(heads.take()).as("a request without Upgrade").doesNotContainIgnoringCase("upgrade");
  }

  @Test
  void whenTheReplicaClosesTheClientGetsTheRestAndThenTheClose() throws Exception {
    start(RouteConfig::pass, EdgeOptions.defaults());
    try (Socket client = new Socket(loopback, edge.port())) {
      client.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      out.write(HANDSHAKE.getBytes(ISO_8859_1));
      out.flush();
      assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 101 ");
      assertThat(readExactly(in, 6)).isEqualTo("hello ");
      out.write("quit".getBytes(ISO_8859_1));
      out.flush();
      // The client has not ended its side: the edge closes the tunnel because the replica did.
      assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("bye");
    }
    assertThat(ends.poll(10, TimeUnit.SECONDS)).isEqualTo("replica quit");
    assertThat(awaitStats("\"active\":0")).contains("\"id\":\"r1\"");
  }

  @Test
  void aRealWebSocketClientTalksToAWebSocketServerBehindTheEdge() throws Exception {
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(Handlers.websocket((exchange, channel) -> {
          channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
              WebSockets.sendText("echo: " + message.getData(), ch, null);
            }
          });
          channel.resumeReceives();
        })).build();
    server.start();
    try (HttpClient http = HttpClient.newHttpClient()) {
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      startEdge(URI.create("http://127.0.0.1:" + port), RouteConfig::cache, EdgeOptions.defaults());
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + edge.port() + "/chat"),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              got.add(data.toString());
              w.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      for (String text : List.of("hello", "x".repeat(100_000))) {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        StringBuilder echoed = new StringBuilder();
        while (echoed.length() < text.length() + 6) echoed.append(got.poll(10, TimeUnit.SECONDS));
        assertThat(echoed.toString()).isEqualTo("echo: " + text);
      }
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    } finally {
      server.stop();
    }
  }

  /** Polls the edge's stats until they contain {@code text} (up to 10 s); returns them. */
  private String awaitStats(String text) throws Exception {
    return awaitText("/_edge/stats", text);
  }

  /** Polls the edge's admin {@code path} until its body contains {@code text} (up to 10 s); returns the body. */
  private String awaitText(String path, String text) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String body;
      do {
        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains(text)) return body;
        Thread.onSpinWait();
      } while (System.nanoTime() < deadline);
      throw new AssertionError(path + " never contained " + text + ": " + body);
    }
  }
}
