package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.TimeoutConfig;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Passed requests through real sockets: bodies stream both ways without being held whole, the pool's Host
 * goes to the replica, failures before the answer move to another replica, a silent replica gets a 504, and
 * every attempt is accounted for.
 */
class PassThroughIntegrationTest {
  private static final int MIB = 1024 * 1024;
  private static final long BIG = 64L * MIB;
  /** Nothing listens on port 1, and it is outside the ephemeral range (so no connect there can meet itself). */
  private static final String CLOSED = "http://127.0.0.1:1";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Released by the replica when the first upload bytes reach it, or by the client when the first download bytes do. */
  private final CountDownLatch firstBytes = new CountDownLatch(1);
  /** "Host path" of every request the replica saw. */
  private final Queue<String> seen = new ConcurrentLinkedQueue<>();
  private final AtomicLong uploaded = new AtomicLong();
  private final java.util.Set<Integer> sourcePorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private Undertow replica;
  private EdgeServer edge;

  @AfterEach
  void stop() {
    firstBytes.countDown();
    if (edge != null) edge.close();
    if (replica != null) replica.stop();
    http.close();
  }

  /** A replica that streams: counts upload bytes as they come, sends 64 MiB downloads in 1 MiB writes. */
  private URI replica() {
    replica = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(16)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setHandler(new BlockingHandler(this::answer)).build();
    replica.start();
    return URI.create("http://127.0.0.1:" + ((InetSocketAddress) replica.getListenerInfo().get(0).getAddress()).getPort());
  }

  private void answer(HttpServerExchange exchange) throws Exception {
    seen.add(exchange.getRequestHeaders().getFirst(Headers.HOST) + " " + exchange.getRequestURI());
    sourcePorts.add(exchange.getSourceAddress().getPort());
    byte[] chunk = new byte[MIB];
    if (exchange.getRequestURI().startsWith("/up")) {
      long n = 0;
      try (InputStream in = exchange.getInputStream()) {
        for (int r; (r = in.read(chunk)) >= 0; ) {
          n += r;
          // Half of what the client sends before it waits: buffers on the way (the client's, the sockets') may hold some.
          if (n >= MIB / 2) firstBytes.countDown();
        }
      }
      uploaded.set(n);
      exchange.getResponseSender().send("got " + n);
    } else if (exchange.getRequestURI().startsWith("/down")) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, BIG);
      OutputStream out = exchange.getOutputStream();
      out.write(chunk);
      out.flush();
      // The rest only once the client has the first MiB: an edge that held the body whole would wait forever.
      if (!firstBytes.await(20, TimeUnit.SECONDS)) throw new IOException("the client never saw the first MiB");
      for (long sent = MIB; sent < BIG; sent += MIB) out.write(chunk);
      out.close();
    } else if (exchange.getRequestURI().startsWith("/chunked")) {
      // No Content-Length: Undertow sends it chunked.
      OutputStream out = exchange.getOutputStream();
      for (int i = 0; i < 3; i++) {
        out.write(("part " + i + ";").getBytes(US_ASCII));
        out.flush();
      }
      out.close();
    } else {
      exchange.getResponseHeaders().put(new HttpString("X-Path"), exchange.getRequestURI());
      exchange.getResponseSender().send("host " + exchange.getRequestHeaders().getFirst(Headers.HOST));
    }
  }

  private EdgeServer edge(List<Replica> replicas, UnaryOperator<PoolConfig> pool) {
    PoolConfig p = pool.apply(PoolConfig.of("api", replicas, Duration.ofSeconds(30)));
    BalancerConfig balancer = new BalancerConfig(List.of(p), List.of(RouteConfig.pass("/", "api")));
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(replicas.get(0).base()),
        8 << 20, Duration.ofSeconds(30)).withBalancer(balancer), Clock.systemUTC()).start();
    return edge;
  }

  private URI at(String path) {
    return URI.create("http://127.0.0.1:" + edge.port() + path);
  }

  private String stats() throws Exception {
    return http.send(HttpRequest.newBuilder(at("/_edge/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void a64MiBUploadReachesTheReplicaWhileTheClientIsStillSendingIt() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);
    AtomicBoolean heldBack = new AtomicBoolean();
    // Sends 1 MiB, then waits until the replica has it before sending the other 63: a buffering edge deadlocks.
    InputStream body = new InputStream() {
      private long sent;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (sent == BIG) return -1;
        if (sent == MIB) {
          try {
            heldBack.set(firstBytes.await(20, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int n = (int) Math.min(len, sent < MIB ? MIB - sent : BIG - sent);
        sent += n;
        return n;
      }
    };
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/up")).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), BIG))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(heldBack).as("the replica had the first bytes before the rest was sent").isTrue();
    assertThat(r.body()).isEqualTo("got " + BIG);
    assertThat(r.headers().firstValue("X-Cache")).hasValue("PASS");
    assertThat(uploaded).hasValue(BIG);
  }

  @Test
  void a64MiBDownloadReachesTheClientWhileTheReplicaIsStillSendingIt() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(at("/down")).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long received = 0;
    try (InputStream in = r.body()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        received += n;
        if (received >= MIB) firstBytes.countDown();   // the replica sends the rest only now
      }
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(BIG);
    assertThat(received).isEqualTo(BIG);
    assertThat(stats()).contains("\"originBytes\":" + BIG).containsPattern("\"id\":\"a\",[^}]*\"active\":0");
  }

  @Test
  void anUploadOfUnknownLengthGoesToTheReplicaChunked() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);
    byte[] body = new byte[3 * MIB];

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/up")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("got " + body.length);
  }

  @Test
  void aClientThatExpects100ContinueGetsItAndItsBodyGoesThrough() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/up")).timeout(Duration.ofSeconds(30)).expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * MIB])).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("got " + 2 * MIB);
  }

  @Test
  void anEmptyChunkedUploadReachesTheReplicaEndedByItsLastChunk() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    // The replica answers once it has read the body to its end, so an unended body would get a 504.
    String response = RawHttp.exchange(edge.port(), null,
        "PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200").endsWith("got 0");
    assertThat(stats()).containsPattern("\"id\":\"a\",[^}]*\"failures\":0");
  }

  @Test
  void aClientThatStopsSendingItsBodyGets408AndTheReplicaIsNotBlamed() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)),
        p -> p.withTimeouts(new TimeoutConfig(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(500))));

    try (var socket = new java.net.Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(10_000);
      // Ten bytes announced, three sent, and the connection kept open.
      socket.getOutputStream().write("PUT /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc".getBytes(US_ASCII));
      String answer = new String(socket.getInputStream().readNBytes(12), US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 408");
    }
    assertThat(stats()).containsPattern("\"id\":\"a\",[^}]*\"failures\":0");
    HttpResponse<String> next = http.send(HttpRequest.newBuilder(at("/x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(next.statusCode()).as("the replica is still in").isEqualTo(200);
  }

  @Test
  void anAnswerOfUnknownLengthReachesTheClientWhole() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/chunked")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("part 0;part 1;part 2;");
    assertThat(r.headers().firstValue("X-Cache")).hasValue("PASS");
  }

  @Test
  void aHeadRequestGetsTheLengthAndNoBody() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    // A HEAD, then a GET on the same connection: the GET's answer must follow the HEAD's head at once.
    String both = RawHttp.exchange(edge.port(), null, "HEAD /h HTTP/1.1\r\nHost: shop.example\r\n\r\n"
        + "GET /h HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n");

    String headAnswer = both.substring(0, both.indexOf("\r\n\r\n") + 4);
    assertThat(headAnswer).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 17\r\n");
    assertThat(both.substring(headAnswer.length())).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhost shop.example");
  }

  @Test
  void theReplicaGetsTheClientsHostByDefault() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    String response = RawHttp.exchange(edge.port(), null,
        "GET /h HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200").endsWith("host shop.example");
  }

  @Test
  void aPoolsHostReplacesTheClientsAndTheClientsTravelsInXForwardedHost() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p.withHost("api.internal:8443"));

    String response = RawHttp.exchange(edge.port(), null,
        "GET /h HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200").endsWith("host api.internal:8443");
    assertThat(seen).containsExactly("api.internal:8443 /h");
  }

  @Test
  void aRefusedConnectionSendsEvenAPostWithItsBodyToAnotherReplica() throws Exception {
    URI live = replica();
    edge(List.of(Replica.of("dead", CLOSED, 1), Replica.of("live", live.toString(), 1)), p -> p);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/up")).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("got 1000");
    assertThat(stats()).containsPattern("\"id\":\"dead\",[^}]*\"active\":0,[^}]*\"failures\":1")
        .containsPattern("\"id\":\"live\",[^}]*\"active\":0");
  }

  @Test
  void withNoReplicaLeftTheAnswerIs502WithTheReason() throws Exception {
    edge(List.of(Replica.of("dead", CLOSED, 1)), p -> p);

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/x")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("X-Cache")).hasValue("ERROR");
    assertThat(r.body()).startsWith("502 origin unreachable: origin dead refused the connection; pool api: no eligible")
        .endsWith("\n");
  }

  @Test
  void aReplicaThatNeverAnswersGets504WithinTheFirstByteTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {   // accepts (the kernel's backlog) and never answers
      edge(List.of(Replica.of("silent", "http://127.0.0.1:" + silent.getLocalPort(), 1)),
          p -> p.withTimeouts(new TimeoutConfig(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5))));

      long start = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/x")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(r.body()).isEqualTo("504 origin did not answer within 300 ms\n");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      assertThat(stats()).containsPattern("\"id\":\"silent\",[^}]*\"active\":0,[^}]*\"failures\":1");
    }
  }

  @Test
  void keepAliveConnectionsToTheReplicaAreReused() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    for (int i = 0; i < 50; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(at("/k" + i)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }

    // One client connection, so one I/O thread of the edge: its one connection to the replica carried all 50.
    assertThat(seen).hasSize(50);
    assertThat(sourcePorts).hasSize(1);
    assertThat(stats()).containsPattern("\"id\":\"a\",[^}]*\"active\":0,\"requests\":50,\"failures\":0");
  }

  @Test
  void manyClientsAtOnceEachGetTheHeadOfTheirOwnAnswer() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    // Answer heads are made in pooled buffers, given back once out: one given back too early would carry another
    // client's head.
    List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(http.sendAsync(HttpRequest.newBuilder(at("/each/" + i)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> r = answers.get(i).get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Path")).contains("/each/" + i);
      assertThat(r.headers().firstValue("X-Cache")).contains("PASS");
      assertThat(r.body()).isEqualTo("host 127.0.0.1:" + edge.port());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInTurn() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    try (var socket = new java.net.Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(10_000);
      // Both at once: the second arrives while the first is with the replica.
      socket.getOutputStream().write(("GET /one HTTP/1.1\r\nHost: first.example\r\n\r\n"
          + "GET /two HTTP/1.1\r\nHost: second.example\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
      String both = new String(socket.getInputStream().readAllBytes(), US_ASCII);

      assertThat(both.split("HTTP/1.1 200", -1)).hasSize(3);
      assertThat(both.indexOf("host first.example")).isPositive().isLessThan(both.indexOf("host second.example"));
    }
  }

  @Test
  void optionsAsteriskGoesToTheRouteOfTheRootAsIs() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    String response = RawHttp.exchange(edge.port(), null, "OPTIONS * HTTP/1.1\r\nHost: api.example\r\n\r\n");

    // Passed by its route (the root's), not merely for its method.
    assertThat(response).startsWith("HTTP/1.1 200").contains("X-Cache: PASS").contains("fwd=bypass; detail=route")
        .endsWith("host api.example");
    assertThat(seen).containsExactly("api.example *");
  }

  @Test
  void aClientThatHangsUpMidDownloadLeavesNoAttemptOpen() throws Exception {
    edge(List.of(Replica.of("a", replica().toString(), 1)), p -> p);

    try (var socket = new java.net.Socket("127.0.0.1", edge.port())) {
      socket.getOutputStream().write("GET /down HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(US_ASCII));
      socket.getInputStream().readNBytes(MIB);
    }
    firstBytes.countDown();

    EdgeUnderTest.await("the attempt ended", () -> {
      try {
        return stats().matches("(?s).*\"id\":\"a\",[^}]*\"active\":0.*");
      } catch (Exception e) {
        return false;
      }
    });
  }
}
