package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a replica's answer bytes become at the client of a passed request: interim answers skipped, each body
 * framing read to its end, a head that breaks HTTP/1.1 turned into a 502, and the replica's connection kept
 * only when the answer allows it. The replica here is a raw socket that sends scripted bytes.
 */
class ReplicaAnswersIntegrationTest {
  /**
   * One scripted answer: its bytes, whether the replica closes the connection after them, and whether it sends
   * them one byte per write (each its own TCP segment, as the socket has no delay).
   */
  private record Answer(String bytes, boolean close, boolean byteByByte) {
    Answer(String bytes, boolean close) {
      this(bytes, close, false);
    }
  }

  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  /** Every request head the replica read. */
  private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ServerSocket replica;
  private EdgeServer edge;

  @AfterEach
  void stop() throws IOException {
    if (edge != null) edge.close();
    if (replica != null) replica.close();
    threads.shutdownNow();
    http.close();
  }

  private void start() throws IOException {
    start(pool -> pool);
  }

  /** The raw replica, and an edge that passes every request to it through a pool as {@code configure} makes it. */
  private void start(java.util.function.UnaryOperator<PoolConfig> configure) throws IOException {
    start(configure, RouteConfig::pass);
  }

  /** The raw replica, and an edge whose one route for "/" to it is {@code route} (pass or cache). */
  private void start(java.util.function.UnaryOperator<PoolConfig> configure,
      java.util.function.BiFunction<String, String, RouteConfig> route) throws IOException {
    URI base = startReplica();
    List<Replica> replicas = List.of(Replica.of("raw", base.toString(), 1));
    PoolConfig pool = configure.apply(PoolConfig.of("api", replicas, Duration.ofSeconds(30)));
    BalancerConfig balancer = new BalancerConfig(List.of(pool), List.of(route.apply("/", "api")));
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(base), 8 << 20,
        Duration.ofSeconds(30)).withBalancer(balancer), Clock.systemUTC()).start();
  }

  /** Starts the raw replica: each connection served by {@link #serve}. */
  private URI startReplica() throws IOException {
    replica = RawHttp.serveEach(threads, s -> {
      connections.incrementAndGet();
      serve(s);
    });
    return URI.create("http://127.0.0.1:" + replica.getLocalPort());
  }

  /** Answers each request head on the connection with the next scripted answer (waiting up to 10 s for one). */
  private void serve(Socket s) {
    try (s) {
      RawHttp.answerEach(s, heads, (head, in, out) -> {
        Answer a = answers.poll(10, TimeUnit.SECONDS);
        if (a == null) return false;
        byte[] bytes = a.bytes().getBytes(ISO_8859_1);
        if (a.byteByByte()) {
          for (byte b : bytes) {
            out.write(b);
            out.flush();
          }
        } else {
          out.write(bytes);
          out.flush();
        }
        return !a.close();
      });
    } catch (IOException | InterruptedException e) {
      // the edge closed the connection, or the test ended
    }
  }

  private void script(String bytes) {
    answers.add(new Answer(bytes, false));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void interimAnswersAreSkippedAndTheFinalOneGoesThrough() throws Exception {
    start();
    script("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok");

    HttpResponse<String> r = get("/hints");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("X-Final")).hasValue("yes");
    assertThat(r.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void aFillSkipsInterimAnswersAndStoresTheFinalOne() throws Exception {
    start(pool -> pool, RouteConfig::cache);
    script("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCache-Control: max-age=60\r\n\r\nok");

    HttpResponse<String> first = get("/hints");
    HttpResponse<String> second = get("/hints");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("ok");
    assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(second.body()).isEqualTo("ok");
  }

  @Test
  void aHeadThatComesOneByteAtATimeIsReadWhole() throws Exception {
    start();
    String head = "HTTP/1.1 200 OK\r\nX-Slow: yes\r\nContent-Length: 4\r\n\r\n";
    answers.add(new Answer(head + "slow", false, true));
    // Bare LFs too, split the same way: the end of the head is found across reads however it is cut.
    answers.add(new Answer(head.replace("\r\n", "\n") + "bare", false, true));

    HttpResponse<String> first = get("/slow");
    assertThat(first.body()).isEqualTo("slow");
    assertThat(first.headers().firstValue("X-Slow")).hasValue("yes");
    assertThat(get("/bare").body()).isEqualTo("bare");
    assertThat(connections).hasValue(1);
  }

  @Test
  void aHeadLongerThanOneReadBufferIsReadWhole() throws Exception {
    start();
    String big = "v".repeat(40 * 1024);
    script("HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\nContent-Length: 2\r\n\r\nok");

    HttpResponse<String> r = get("/big");

    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("X-Big")).hasValue(big);
  }

  @Test
  void aChunkedAnswerWithTrailersArrivesWholeAndItsConnectionCarriesTheNextRequest() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Checksum: 1\r\n\r\n");
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain");

    assertThat(get("/one").body()).isEqualTo("hello, world");
    assertThat(get("/two").body()).isEqualTo("again");
    assertThat(connections).hasValue(1);
  }

  @Test
  void anAnswerWithoutLengthRunsToTheCloseAndItsConnectionIsNotReused() throws Exception {
    start();
    answers.add(new Answer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true));
    script("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");

    assertThat(get("/one").body()).isEqualTo("until the end");
    assertThat(get("/two").body()).isEqualTo("next");
    assertThat(connections).hasValue(2);
  }

  @Test
  void bytesPastTheAnswersEndAreNeverTakenForTheNextAnswer() throws Exception {
    start();
    // A replica that sends more than its Content-Length, in the same segment: what follows is no answer to anything.
    script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale");
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh");

    assertThat(get("/1").body()).isEqualTo("ok");
    assertThat(get("/2").body()).isEqualTo("fresh");
    assertThat(connections).hasValue(2);
  }

  @Test
  void connectionCloseAndDoubleFramingEachEndTheConnection() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");
    // Transfer-Encoding and Content-Length together: the chunks count, and the connection is not trusted again.
    script("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n");
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree");

    assertThat(get("/1").body()).isEqualTo("one");
    assertThat(get("/2").body()).isEqualTo("two");
    assertThat(get("/3").body()).isEqualTo("three");
    assertThat(connections).hasValue(3);
  }

  @Test
  void anHttp11ClientGetsTheReplicasEndToEndFieldLinesAsTheyCameOnAKeptConnection() throws Exception {
    start();
    String answer = "HTTP/1.1 201 Created\r\nDate: Tue, 24 Nov 2026 10:00:00 GMT\r\nx-Lower-Case:  padded \r\n"
        + "Connection: X-Hop, keep-alive\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nSet-Cookie: a=1\r\n"
        + "Content-Length: 5\r\nSet-Cookie: b=2\r\n\r\nhello";
    script(answer);
    script(answer.replace("hello", "again"));
    String get = "GET /v HTTP/1.1\r\nHost: www.example.com\r\n\r\n";

    List<String> got = RawHttp.exchanges(edge.port(), null, get, get);

    for (String r : got) {
      List<String> lines = List.of(r.substring(0, r.indexOf("\r\n\r\n")).split("\r\n"));
      assertThat(lines.get(0)).isEqualTo("HTTP/1.1 201 Created");
      assertThat(lines).contains("Date: Tue, 24 Nov 2026 10:00:00 GMT", "x-Lower-Case: padded", "X-Cache: PASS")
          .containsSubsequence("Set-Cookie: a=1", "Set-Cookie: b=2")
          .anyMatch(l -> l.startsWith("Via: 1.1 cdnsim-t")).anyMatch(l -> l.startsWith("Cache-Status: cdnsim-t"))
          .noneMatch(l -> l.regionMatches(true, 0, "X-Hop", 0, 5) || l.regionMatches(true, 0, "Keep-Alive", 0, 10)
              || l.regionMatches(true, 0, "Connection", 0, 10));
      assertThat(lines.stream().filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15)))
          .containsExactly("Content-Length: 5");
    }
    assertThat(got.get(0)).endsWith("\r\n\r\nhello");
    assertThat(got.get(1)).endsWith("\r\n\r\nagain");
  }

  @Test
  void aClientThatClosesGetsConnectionCloseAndTheAnswerWithoutDateGetsOne() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    String r;
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", edge.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
      r = RawHttp.readUntilClosed(s.getInputStream());
    }

    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nConnection: close\r\n")
        .containsPattern("\r\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} [\\d:]{8} GMT\r\n").endsWith("\r\n\r\nok");
  }

  @Test
  void aFoldedFieldReachesTheClientOnOneLine() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nX-Folded: first\r\n  second\r\nContent-Length: 0\r\n\r\n");

    assertThat(get("/fold").headers().firstValue("X-Folded")).hasValue("first second");
  }

  static Stream<Arguments> malformedHeads() {
    return Stream.of(
        Arguments.of("HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 2\r\n\r\nok", "a field name"),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nok", "two different Content-Length"),
        Arguments.of("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(70 * 1024) + "\r\n\r\n", "a head longer than"),
        Arguments.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", "never asked for"),
        // Not an interim answer to skip: no status below 100 exists (RFC 9110 §15).
        Arguments.of("HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\nok", "status 99, below 100"),
        Arguments.of("SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP/1.x status line"));
  }

  @ParameterizedTest
  @MethodSource("malformedHeads")
  void aMalformedHeadIs502WithTheReason(String head, String reason) throws Exception {
    start();
    answers.add(new Answer(head, true));

    HttpResponse<String> r = get("/bad");

    assertThat(r.statusCode()).isEqualTo(502);
    // The replica was reached and answered: it failed, it was not unreachable.
    assertThat(r.body()).startsWith("502 origin failed: origin ").contains("answered with a malformed head")
        .contains(reason);
  }

  @ParameterizedTest
  @MethodSource("malformedHeads")
  void aMalformedHeadOnAFillIs502WithTheReason(String head, String reason) throws Exception {
    start(pool -> pool, RouteConfig::cache);
    answers.add(new Answer(head, true));

    HttpResponse<String> r = get("/bad");

    assertThat(r.statusCode()).isEqualTo(502);
    // The replica was reached and answered: it failed, it was not unreachable.
    assertThat(r.body()).startsWith("502 origin failed: origin ").contains("answered with a malformed head")
        .contains(reason);
  }

  @Test
  void aReplicaThatClosesBeforeItsHeadIsWholeGets502() throws Exception {
    start();
    answers.add(new Answer("HTTP/1.1 200 OK\r\nContent-", true));

    HttpResponse<String> r = get("/cut");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("closed the connection");
  }

  @Test
  void aRequestWithBothTransferEncodingAndContentLengthIsRefusedAndNeverReachesTheReplica() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    // The classic request-smuggling shape (RFC 9112 §6.3, §11.2).
    String response = RawHttp.exchange(edge.port(), null, "POST /up HTTP/1.1\r\nHost: a\r\n"
        + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(get("/after").body()).isEqualTo("ok");
    assertThat(heads).hasSize(1);
    assertThat(heads.peek()).startsWith("GET /after ");
  }

  @Test
  void aClientFieldFoldedOverTwoLinesReachesTheReplicaOnOne() throws Exception {
    start();
    script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    // obs-fold: a proxy must join it with a space before forwarding (RFC 9112 §5.2); a NUL becomes a space too.
    String response = RawHttp.exchange(edge.port(), null,
        "GET /fold HTTP/1.1\r\nHost: a\r\nX-Fold: one\r\n two\r\nX-Nul: three\u0000four\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(heads.poll(10, TimeUnit.SECONDS)).contains("\r\nX-Fold: one two\r\n").contains("\r\nX-Nul: three four\r\n");
  }

  @Test
  void aReplicaThatAnswersBeforeTheUploadEndsIsHeardAndItsConnectionNotReused() throws Exception {
    start();
    // Answers as soon as it has the head, keeping the connection open and never reading the body.
    // (Closing it at once instead would reset the connection, and the reset can destroy the answer on its way.)
    for (int i = 0; i < 2; i++) script("HTTP/1.1 413 Content Too Large\r\nContent-Length: 3\r\n\r\nbig");
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter");

    // A client that reads while it sends (as curl does) sees the answer with most of its 4 MiB still unsent.
    String response = RawHttp.exchange(edge.port(), null, "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: "
        + (4 << 20) + "\r\n\r\n" + "x".repeat(64 * 1024));

    assertThat(response).startsWith("HTTP/1.1 413").endsWith("\r\n\r\nbig");
    // A client that sends all before it reads (java.net.http) gets it too: the edge reads the rest and drops it.
    // 32 MiB: more than the socket buffers between the edge and a replica that reads nothing can take (4 MiB of
    // send buffer at most here), so the request cannot go out whole before the answer, whatever the timing.
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/up"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[32 << 20])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("big");
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
    // The requests never went out whole, so their connections carry nothing more: the next request gets a new one.
    assertThat(get("/after").body()).isEqualTo("after");
    assertThat(connections).hasValue(3);
  }

  @Test
  void aReplicaThatAnswersAndClosesBeforeTheUploadEndsIsHeardAndNotCountedAsFailing() throws Exception {
    start();   // passive health on, as by default: one failed request would take the replica out for 10 s
    // Answers 413 as soon as it has the head and closes with the body unread, as Undertow does past its entity
    // limit: the close resets the connection, so the edge's next write of the body fails, with the answer already in.
    answers.add(new Answer("HTTP/1.1 413 Content Too Large\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbig",
        true));
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter");

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/up"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[32 << 20])).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("big");
    assertThat(get("/after").body()).as("the replica is still in the pool").isEqualTo("after");
    assertThat(edge.poolStats().get(0).replicas().get(0).failures()).isZero();
  }

  /** The raw replica behind an edge that caches everything (requests are fills), 300 ms timeout, no passive health. */
  private void startFills() throws IOException {
    URI base = startReplica();
    PoolConfig pool = withoutPassiveHealth(PoolConfig.of("origin", List.of(Replica.of("raw", base.toString(), 1)),
        Duration.ofMillis(300)));
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(base), 8 << 20,
        Duration.ofMillis(300)).withBalancer(new BalancerConfig(List.of(pool), List.of(RouteConfig.cache("/", "origin")))),
        Clock.systemUTC()).start();
  }

  @Test
  void aFillAnsweredWithAContentLengthThatIsNoNumberIs502() throws Exception {
    startFills();
    answers.add(new Answer("HTTP/1.1 200 OK\r\nContent-Length: 9 2\r\nCache-Control: max-age=60\r\n\r\nok", true));

    HttpResponse<String> r = get("/n");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 origin failed: origin ").contains("answered with a malformed head");
  }

  @Test
  void aKeptAliveConnectionTheReplicaHasClosedIsReplacedWithoutAFailure() throws Exception {
    startFills();
    // The first answer's framing keeps the connection, but the replica closes it right after (as an idle timeout
    // does): the next fill finds it dead before any byte of an answer, and goes again on a new one.
    answers.add(new Answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nCache-Control: max-age=60\r\n\r\na", true));
    script("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nCache-Control: max-age=60\r\n\r\nb");

    assertThat(get("/a").body()).isEqualTo("a");
    assertThat(get("/b").body()).isEqualTo("b");

    assertThat(connections).hasValue(2);
    assertThat(get("/_edge/stats").body()).containsPattern("\"id\":\"raw\",[^}]*\"failures\":0");
  }

  /** {@code pool} without passive health: one bad answer must not take the only replica out for the rest of a run. */
  private static PoolConfig withoutPassiveHealth(PoolConfig pool) {
    return pool.withHealth(new dev.cdnsim.edge.balance.HealthConfig(new dev.cdnsim.edge.balance.PassiveCheckConfig(0,
        Duration.ofSeconds(10)), java.util.Optional.empty(), Duration.ZERO, false));
  }

  /** {@code answer} with 0-3 bytes replaced, inserted or cut, as {@code random} says. */
  private static String mutated(String answer, java.util.Random random) {
    byte[] special = {'\r', '\n', ':', ' ', ',', ';', '=', '"', 0, '0', '9', 'f', (byte) 0xff};
    byte[] b = ByteMutations.mutate(answer.getBytes(ISO_8859_1), random.nextInt(4), special, random);
    return new String(b, ISO_8859_1);
  }

  /** Sends {@code requests} GETs for {@code path(n)}; each must end within 5 s, never with the edge's own 500. */
  private void getAll(int requests, java.util.function.IntFunction<String> path) throws Exception {
    for (int n = 0; n < requests; n++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path.apply(n)))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        boolean edgeError = "ERROR".equals(r.headers().firstValue("X-Cache").orElse(""));
        assertThat(edgeError && r.statusCode() == 500).as("the edge's own 500 for request %d: %s", n, r.body()).isFalse();
      } catch (java.net.http.HttpTimeoutException e) {
        throw new AssertionError("request " + n + " got nothing within 5 s", e);
      } catch (IOException cut) {
        // a response cut short: what a client must see when the replica's body breaks off
      }
    }
  }

  /**
   * Whatever a replica answers, the client gets a response or a cut connection within the timeout, never the edge's
   * own 500, and no attempt stays open: valid answers of every framing, mutated at random (fixed seed), the replica
   * closing the connection after four in five.
   */
  @Test
  void anyMutatedAnswerReachesTheClientAsAResponseA502OrACutAndLeavesNothingOpen() throws Exception {
    String[] valid = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"a\"\r\nCache-Control: no-store\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end",
        "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok",
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 4\r\n\r\nbusy"};
    java.util.Random random = new java.util.Random(20261126);
    // More answers than requests: retries and reused connections take some.
    for (int i = 0; i < 600; i++) answers.add(new Answer(mutated(valid[random.nextInt(valid.length)], random), random.nextInt(5) > 0));
    // A short timeout for answers cut short on a connection kept open.
    start(pool -> withoutPassiveHealth(pool.withTimeouts(dev.cdnsim.edge.balance.TimeoutConfig.of(Duration.ofMillis(500)))));

    getAll(150, n -> "/f" + n);

    answers.clear();
    script("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh");
    assertThat(get("/last").body()).isEqualTo("fresh");
    EdgeUnderTest.await("every attempt ended", () -> {
      try {
        return get("/_edge/stats").body().matches("(?s).*\"id\":\"raw\",[^}]*\"active\":0.*");
      } catch (Exception e) {
        return false;
      }
    });
  }

  /**
   * The same for cache fills, with the fields a cache reads mutated: every URL fetched twice (a fill, then a hit, a
   * revalidation or another fill), each answer a response, a 502/504 or a cut, never the edge's own 500.
   */
  @Test
  void anyMutatedCacheableAnswerIsStoredServedOrRefusedWithoutAnEdgeError() throws Exception {
    String[] valid = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: public, max-age=60, stale-while-revalidate=30\r\n"
            + "ETag: \"v1\"\r\nLast-Modified: Wed, 25 Nov 2026 15:00:00 GMT\r\nDate: Thu, 26 Nov 2026 04:00:00 GMT\r\n"
            + "Age: 5\r\nVary: Accept-Encoding\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCDN-Cache-Control: max-age=30\r\nCache-Control: no-cache\r\n"
            + "Surrogate-Key: a b\r\nExpires: Thu, 26 Nov 2026 05:00:00 GMT\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nCache-Control: s-maxage=10, must-revalidate\r\n"
            + "Set-Cookie: a=b\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: max-age=60\r\n\r\n"};
    java.util.Random random = new java.util.Random(20261126);
    for (int i = 0; i < 800; i++) answers.add(new Answer(mutated(valid[random.nextInt(valid.length)], random), random.nextInt(5) > 0));
    startFills();

    getAll(200, n -> "/c" + n / 2);

    assertThat(edge.stats().hits()).as("some answers were stored and served").isPositive();
    assertThat(edge.stats().originRequests()).as("and many fetched").isGreaterThan(60);
  }
}
