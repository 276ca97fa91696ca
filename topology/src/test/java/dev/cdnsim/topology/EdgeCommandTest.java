package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.tls.KeyMaterial;
import dev.cdnsim.edge.tls.PemFiles;
import dev.cdnsim.edge.tls.SelfSigned;
import dev.cdnsim.edge.tls.SubjectNames;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdnsim edge}: one edge alone in front of any origin. */
class EdgeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final EdgeCommand command = new EdgeCommand();

  private CommandLine cli() {
    CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  @Test
  void runsAnEdgeUntilStopped() throws Exception {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("--listen", "127.0.0.1:0",
        "--origin", "http://127.0.0.1:1", "--cache-size", "1MiB", "--policy", "lru", "--id", "solo", "--io-threads", "1"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
    assertThat(command.server).as("started; err: %s", err).isNotNull();
    int port = command.server.port();

    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_edge/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> dead = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(), HttpResponse.BodyHandlers.ofString());
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(dead.statusCode()).isEqualTo(502);
    assertThat(dead.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("cdnsim-solo"));
    // The admin route is no proxied request: one request, the 502.
    assertThat(out.toString()).contains("edge solo listening on http://127.0.0.1:" + port, "cache 1MiB (lru)",
        "edge solo stopped after 1 request, 0 hits (0.000), ");
    assertThat(err.toString()).as("a 1 MiB cache fits any heap").doesNotContain("warning");
  }

  @Test
  void readsItsOptionsFromAConfigFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("edge.conf");
    java.nio.file.Files.writeString(config, """
        # one edge in front of a local origin
        --id from-file
        --listen 127.0.0.1:0
        --origin http://127.0.0.1:1
        --cache-size 2MiB
        """);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("@" + config));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
    assertThat(command.server).as("started; err: %s", err).isNotNull();
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("edge from-file listening on http://127.0.0.1:", "cache 2MiB");
  }

  @Test
  void servesHttpsWithASelfSignedCertificateKeptInTheDataFolder(@TempDir Path data) throws Exception {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("--listen", "127.0.0.1:0",
        "--https-listen", "127.0.0.1:0", "--data-dir", data.toString(), "--tls-name", "www.cdn.test",
        "--origin", "http://127.0.0.1:1", "--id", "solo"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
    assertThat(command.server).as("started; err: %s", err).isNotNull();
    int port = command.server.httpsPort().orElseThrow();
    Path crt = data.resolve("tls/solo.crt");
    KeyMaterial kept = new PemFiles(crt, data.resolve("tls/solo.key")).load(Clock.systemUTC());

    HttpClient client = HttpClient.newBuilder().sslContext(kept.trustingContext()).build();
    HttpResponse<String> health = client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/_edge/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(kept.names()).isEqualTo(SubjectNames.of(List.of("127.0.0.1", "localhost", "www.cdn.test")));
    assertThat(out.toString()).contains("https on https://127.0.0.1:" + port, crt + " (self-signed)",
        "curl --http2 -si --cacert " + crt + " https://127.0.0.1:" + port + "/");
  }

  @Test
  void itsLastLineSaysWhatItServed() {
    assertThat(EdgeCommand.served(new EdgeStats(12, 8, 4, 3_170_000, 4, 1_000_000)))
        .isEqualTo("12 requests, 8 hits (0.667), 3.02 MiB served, 4 to the origin");
    assertThat(EdgeCommand.served(EdgeStats.NONE)).isEqualTo("0 requests, 0 hits (0.000), 0 B served, 0 to the origin");
  }

  @Test
  void aTakenAddressIsNamedAsTheUserWroteIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(fresh("--listen", "127.0.0.1:" + taken.getLocalPort(), "--origin", "http://127.0.0.1:1")).isEqualTo(1);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .doesNotContain("/127.0.0.1").doesNotContain("\tat ");
    }
  }

  @Test
  void printsIpv6AddressesAsUrlsThatCurlTakes(@TempDir Path data) throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      assumeTrue(probe.isBound());
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback: " + e.getMessage());
    }
    CompletableFuture<Integer> exit = started("--listen", "[::1]:0", "--https-listen", "[::1]:0",
        "--origin", "http://127.0.0.1:1", "--data-dir", data.toString(), "--id", "v6");
    int port = command.server.port();
    int httpsPort = command.server.httpsPort().orElseThrow();
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("listening on http://[0:0:0:0:0:0:0:1]:" + port + ",",
        "curl -si http://[0:0:0:0:0:0:0:1]:" + port + "/ ", "https on https://[0:0:0:0:0:0:0:1]:" + httpsPort + " ");
  }

  /** Runs a new command (a reused one would keep the options of its last run as defaults). */
  private int fresh(String... args) {
    CommandLine cli = new CommandLine(new EdgeCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Starts {@code command} with {@code args} and waits until its edge listens; fails with its stderr if it exits. */
  private CompletableFuture<Integer> started(String... args) {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute(args));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
    assertThat(command.server).as("started; err: %s", err).isNotNull();
    return exit;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + command.server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts {@code server} with a handler answering cacheable bodies and counting requests. */
  private static AtomicInteger serveCacheable(HttpServer server) {
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", exchange -> {
      byte[] body = ("origin answer " + requests.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return requests;
  }

  @Test
  void passPrefixesGoToTheOriginEveryTimeAndTheRestIsCached() throws Exception {
    HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger requests = serveCacheable(origin);
    try {
      CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--pass", "/api/", "--pass", "/live/",
          "--origin", "http://127.0.0.1:" + origin.getAddress().getPort());

      List<String> api = List.of(get("/api/user").headers().firstValue("X-Cache").orElse(""),
          get("/api/user").headers().firstValue("X-Cache").orElse(""), get("/live/1").headers().firstValue("X-Cache").orElse(""));
      List<String> page = List.of(get("/page").headers().firstValue("X-Cache").orElse(""),
          get("/page").headers().firstValue("X-Cache").orElse(""));
      command.stop.countDown();

      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(api).containsExactly("PASS", "PASS", "PASS");
      assertThat(page).containsExactly("MISS", "HIT");
      assertThat(requests).hasValue(4);
      assertThat(out.toString()).contains("passed through: /api/ /live/");
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void passingTheRootPassesEverything() throws Exception {
    HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger requests = serveCacheable(origin);
    try {
      CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--pass", "/",
          "--origin", "http://127.0.0.1:" + origin.getAddress().getPort());

      List<String> seen = List.of(get("/1k.bin").headers().firstValue("X-Cache").orElse(""),
          get("/1k.bin").headers().firstValue("X-Cache").orElse(""));
      command.stop.countDown();

      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(seen).containsExactly("PASS", "PASS");
      assertThat(requests).hasValue(2);
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void originHostSetsTheHostOfPassedRequests() throws Exception {
    HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
    origin.createContext("/", exchange -> {
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    origin.start();
    try {
      CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--pass", "/",
          "--origin", "http://127.0.0.1:" + origin.getAddress().getPort(), "--origin-host", "api.internal:8080");

      int status = get("/x").statusCode();
      command.stop.countDown();

      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(status).isEqualTo(204);
      assertThat(hosts).containsExactly("api.internal:8080");
      assertThat(fresh("--origin", "http://127.0.0.1:1", "--origin-host", "not a host")).isEqualTo(2);
      assertThat(err.toString()).contains("--origin-host takes a host name or address");
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void fetchesFromAnHttpsOriginTrustingTheOriginCaFile(@TempDir Path dir) throws Exception {
    SelfSigned originCert = new SelfSigned(dir, "origin", SubjectNames.forEdge(InetAddress.getLoopbackAddress(), List.of()));
    HttpsServer origin = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.setHttpsConfigurator(new HttpsConfigurator(originCert.load(Clock.systemUTC()).serverContext()));
    AtomicInteger requests = serveCacheable(origin);
    try {
      CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0",
          "--origin", "https://127.0.0.1:" + origin.getAddress().getPort(), "--origin-ca", originCert.certificateFile().toString());

      HttpResponse<String> miss = get("/objects/1");
      HttpResponse<String> hit = get("/objects/1");
      command.stop.countDown();

      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(miss.statusCode()).as(miss.body()).isEqualTo(200);
      assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
      assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
      assertThat(hit.body()).isEqualTo("origin answer 1");
      assertThat(requests).hasValue(1);
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void originTlsMistakesAreNamed(@TempDir Path dir) {
    Path missing = dir.resolve("ca.pem");

    assertThat(fresh("--origin", "https://127.0.0.1:1", "--origin-client-cert", "a.pem")).isEqualTo(2);
    assertThat(fresh("--origin", "http://127.0.0.1:1", "--origin-ca", "ca.pem")).isEqualTo(2);
    assertThat(fresh("--origin", "http://127.0.0.1:1", "--pass", "api")).isEqualTo(2);
    assertThat(fresh("--listen", "127.0.0.1:0", "--origin", "https://127.0.0.1:1", "--origin-ca", missing.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--origin-client-cert and --origin-client-key go together",
            "are for https:// origins", "--pass takes a path prefix starting with /",
            "pool origin: " + missing + ": no such file")
        .doesNotContain("\tat ");
  }

  @Test
  void certificateMistakesAreNamed(@TempDir Path dir) {
    Path missing = dir.resolve("edge.crt");

    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--cert", "a.pem")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--cert", "a.pem", "--key", "b.pem")).isEqualTo(2);
    assertThat(cli().execute("--listen", "127.0.0.1:0", "--https-listen", "127.0.0.1:0", "--origin", "http://127.0.0.1:1",
        "--cert", missing.toString(), "--key", dir.resolve("edge.key").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--cert and --key go together", "need --https-listen", missing + ": no such file")
        .doesNotContain("\tat ");
  }

  @Test
  void balancesAndProbesTheReplicasGivenOnTheCommandLine() throws Exception {
    dev.cdnsim.origin.OriginServer one = origin("one");
    dev.cdnsim.origin.OriginServer two = origin("two");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("--listen", "127.0.0.1:0",
        "--origin", "http://127.0.0.1:" + one.port(), "--origin", "http://127.0.0.1:" + two.port(),
        "--balance", "least-connections", "--weights", "3,1", "--affinity", "cookie", "--health-check", "/health",
        "--health-interval", "50ms", "--io-threads", "1"));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (command.server == null && !exit.isDone() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
      assertThat(command.server).as("started; err: %s", err).isNotNull();
      assertThat(get("/_edge/stats").body()).contains("\"base\":\"http://127.0.0.1:" + one.port() + "\",\"weight\":3,",
          "\"base\":\"http://127.0.0.1:" + two.port() + "\",\"weight\":1,");
      assertThat(get("/_edge/stats").body()).contains("\"algorithm\":\"least-connections\"", "\"affinity\":\"cookie cdnsim_route\"");

      two.close(); // down after three failed probes, 50 ms apart
      long down = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String now = get("/_edge/stats").body();
      while (!now.matches("(?s).*\"id\":\"127\\.0\\.0\\.1:" + two.port() + "\"[^}]*\"state\":\"DOWN\".*")
          && System.nanoTime() < down) {
        LockSupport.parkNanos(5_000_000);
        now = get("/_edge/stats").body();
      }
      assertThat(now).as("replica two marked down by the active check").matches(
          "(?s).*\"id\":\"127\\.0\\.0\\.1:" + two.port() + "\"[^}]*\"state\":\"DOWN\".*");
    } finally {
      command.stop.countDown();
      exit.get(10, TimeUnit.SECONDS);
      one.close();
      two.close();
    }
  }

  private static dev.cdnsim.origin.OriginServer origin(String id) {
    return new dev.cdnsim.origin.OriginServer(new dev.cdnsim.origin.OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
        dev.cdnsim.origin.CatalogConfig.defaults()), Clock.systemUTC()).start();
  }

  @Test
  void aCacheBiggerThanTheHeapCanHoldIsWarnedAbout() throws Exception {
    long tooBig = (Runtime.getRuntime().maxMemory() >> 20) * 2 << 20;
    CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--origin", "http://127.0.0.1:1",
        "--cache-size", tooBig + "B");
    try {
      assertThat(err.toString()).contains("cdnsim edge: warning: caches of ", "may not fit this JVM's heap",
          "CDNSIM_JAVA_OPTS=-Xmx");
    } finally {
      command.stop.countDown();
    }
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void badValuesAreShortUsageErrors() {
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--cache-size", "lots")).isEqualTo(2);
    assertThat(cli().execute("--origin", "ftp://x")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--policy", "fifo")).isEqualTo(2);
    assertThat(cli().execute("--listen", "nowhere", "--origin", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--io-threads", "-1")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--client-timeout", "0")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--balance", "fastest")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--affinity", "sticky")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--health-interval", "1s")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--health-check", "health")).isEqualTo(2);
    // Picocli takes a reused command's values as the next parse's defaults: these two come last, and each checks
    // what the command checks before the health flags left behind above.
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--weights", "2,1")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--weights", "300")).isEqualTo(2);
    assertThat(cli().execute()).isEqualTo(2);
    assertThat(err.toString()).contains("--cache-size", "http URL", "tinylfu or lru", "ADDRESS:PORT", "--io-threads", "--origin",
            "'--client-timeout': must be positive", "unknown balancing algorithm fastest", "--affinity takes none, cookie or source-ip", "--weights gives 2 weights for 1 --origin replica", "must be 1..256, was 300",
            "--health-check takes a path starting with / or 'tcp'", "--health-interval needs --health-check")
        .doesNotContain("\tat ");
  }

  @Test
  void timeoutsTakeTheTopologyFilesUnitsAndBareMilliseconds() {
    cli().parseArgs("--origin", "http://127.0.0.1:1", "--origin-timeout", "2s", "--client-timeout", "1500");
    assertThat(command.originTimeout).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(command.clientTimeout).isEqualTo(java.time.Duration.ofMillis(1500));

    cli().parseArgs("--origin", "http://127.0.0.1:1", "--origin-timeout", "PT0.25S", "--client-timeout", "1m");
    assertThat(command.originTimeout).isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(command.clientTimeout).isEqualTo(java.time.Duration.ofMinutes(1));

    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--origin-timeout", "5 parsecs")).isEqualTo(2);
    assertThat(err.toString()).contains("'--origin-timeout': must be a duration like 500ms, 2s, 1h or PT2S, was \"5 parsecs\"")
        .doesNotContain("\tat ");
  }

  @Test
  void originsGetNginxsReadTimeoutAndAShortConnectTimeoutByDefault() {
    cli().parseArgs("--origin", "http://127.0.0.1:1");
    dev.cdnsim.edge.balance.TimeoutConfig defaults = poolTimeouts();
    // An API that thinks for 10 s, or streams with pauses, is not cut at 5 s as it was; a dead replica is left in 5.
    assertThat(defaults.firstByte()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(defaults.connect()).isEqualTo(java.time.Duration.ofSeconds(5));

    cli().parseArgs("--origin", "http://127.0.0.1:1", "--origin-timeout", "2s", "--connect-timeout", "300ms");
    assertThat(poolTimeouts()).isEqualTo(new dev.cdnsim.edge.balance.TimeoutConfig(java.time.Duration.ofMillis(300),
        java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(2300)));
  }

  private dev.cdnsim.edge.balance.TimeoutConfig poolTimeouts() {
    dev.cdnsim.edge.EdgeConfig config = new dev.cdnsim.edge.EdgeConfig("e", new java.net.InetSocketAddress(0),
        command.origins, 1 << 20, command.originTimeout);
    return command.balancer(config).pools().get(0).timeouts();
  }

  @Test
  void writesAnAccessLogLinePerRequest(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("access.log");
    CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--origin", "http://127.0.0.1:1",
        "--id", "solo", "--access-log", log.toString());

    int status = get("/x").statusCode();
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(status).isEqualTo(502);
    assertThat(out.toString()).contains("access log: " + log.toAbsolutePath());
    assertThat(java.nio.file.Files.readAllLines(log)).singleElement().asString()
        .startsWith("127.0.0.1 - - [").contains("\"GET /x HTTP/1.1\" 502 ").endsWith(" ERROR");
  }

  @Test
  void behindAProxyProtocolBalancerAdminRoutesAreClosedWithoutAToken() throws Exception {
    CompletableFuture<Integer> exit = started("--listen", "127.0.0.1:0", "--origin", "http://127.0.0.1:1",
        "--proxy-protocol");

    // Without a PROXY header the connection is closed unanswered.
    assertThatThrownBy(() -> get("/_edge/stats")).isInstanceOf(java.io.IOException.class);
    command.stop.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("expecting a PROXY protocol header on every connection; admin routes are"
        + " closed (give --admin-token to open them)");
  }

  @Test
  void anAccessLogThatCannotBeOpenedIsNamed(@TempDir Path dir) {
    Path log = dir.resolve("missing").resolve("access.log");

    int code = cli().execute("--listen", "127.0.0.1:0", "--origin", "http://127.0.0.1:1",
        "--access-log", log.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot open the access log " + log + ": its folder does not exist")
        .doesNotContain("\tat ");
    assertThat(fresh("--origin", "http://127.0.0.1:1", "--access-log", "")).isEqualTo(2);
    assertThat(err.toString()).contains("--access-log takes a file name, or - for standard output");
  }

  @Test
  void anAddressInUseIsNamed() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int code = cli().execute("--listen", "127.0.0.1:" + taken.getLocalPort(), "--origin", "http://127.0.0.1:1");

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("127.0.0.1:" + taken.getLocalPort());
    }
  }
}
