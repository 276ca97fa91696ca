package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.EdgeUnderTest;
import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.HealthConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge whose pool reaches its replica over HTTPS: a JDK HTTPS server with a certificate from a private CA,
 * mutual TLS when the replica demands a client certificate.
 */
class OriginPoolTlsIntegrationTest {
  private static PrivateCa ca;

  @TempDir Path dir;
  private final AtomicInteger originRequests = new AtomicInteger();
  /** "path client" of every request the replica answered. */
  private final Queue<String> served = new ConcurrentLinkedQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpsServer replica;
  private EdgeServer edge;

  @BeforeAll
  static void pki() {
    ca = new PrivateCa();
  }

  @AfterEach
  void stop() {
    if (edge != null) edge.close();
    if (replica != null) replica.stop(0);
    http.close();
  }

  /** A replica answering, cacheably, who its client was; {@code needClientAuth}: mTLS. Returns its https:// base URL. */
  private URI replica(boolean needClientAuth) throws Exception {
    replica = ca.startReplica(needClientAuth, (exchange, client) -> {
      originRequests.incrementAndGet();
      served.add(exchange.getRequestURI().getPath() + " " + client);
      byte[] body = ("served to " + client).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    return URI.create("https://127.0.0.1:" + replica.getAddress().getPort());
  }

  private EdgeServer edge(URI origin, Optional<OriginTlsConfig> tls) {
    return edge(origin, tls, p -> p);
  }

  private EdgeServer edge(URI origin, Optional<OriginTlsConfig> tls, UnaryOperator<PoolConfig> more) {
    Duration timeout = Duration.ofSeconds(10);
    PoolConfig pool = more.apply(PoolConfig.of("secure", List.of(new Replica(origin)), timeout));
    if (tls.isPresent()) pool = pool.withTls(tls.get());
    BalancerConfig balancer = new BalancerConfig(List.of(pool), List.of(RouteConfig.cache("/", "secure"),
        RouteConfig.pass("/api/", "secure")));
    return new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(origin), 8 << 20, timeout)
        .withBalancer(balancer), Clock.systemUTC()).start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build(),
        BodyHandlers.ofString());
  }

  private Path caFile() throws IOException {
    return ca.caFile(dir);
  }

  private PemFiles clientFiles() throws IOException {
    return ca.clientFiles(dir);
  }

  @Test
  void aPoolWithTheCaFileFetchesOverHttpsThenServesFromCache() throws Exception {
    edge = edge(replica(false), Optional.of(new OriginTlsConfig(Optional.of(caFile()), Optional.empty())));

    HttpResponse<String> first = get("/objects/1");
    HttpResponse<String> second = get("/objects/1");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(first.body()).isEqualTo("served to anonymous");
    assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(second.body()).isEqualTo("served to anonymous");
    assertThat(originRequests).hasValue(1);
  }

  @Test
  void withoutTheCaTheReplicaIsNotTrustedAnd502SaysSo() throws Exception {
    edge = edge(replica(false), Optional.empty());

    HttpResponse<String> r = get("/objects/1");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 origin unreachable: origin 127.0.0.1:" + replica.getAddress().getPort()
        + " failed the TLS handshake: ");
    assertThat(originRequests).hasValue(0);
  }

  @Test
  void mutualTlsWorksWithTheClientCertificate() throws Exception {
    edge = edge(replica(true), Optional.of(new OriginTlsConfig(Optional.of(caFile()), Optional.of(clientFiles()))));

    HttpResponse<String> first = get("/objects/1");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("served to CN=edge-seoul");
    assertThat(get("/objects/1").headers().firstValue("X-Cache")).hasValue("HIT");
  }

  @Test
  void mutualTlsWithoutAClientCertificateIs502WithTheReason() throws Exception {
    edge = edge(replica(true), Optional.of(new OriginTlsConfig(Optional.of(caFile()), Optional.empty())));

    HttpResponse<String> r = get("/objects/1");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("X-Cache")).hasValue("ERROR");
    // The replica's certificate_required alert in the handshake (nothing sent: unreachable), or (TLS 1.3: the
    // request may cross it) a reset connection after the request went out (the replica failed it).
    String named = "origin 127.0.0.1:" + replica.getAddress().getPort() + " ";
    assertThat(r.body()).satisfiesAnyOf(
        b -> assertThat(b).startsWith("502 origin unreachable: " + named + "failed the TLS handshake: (certificate_required)"),
        b -> assertThat(b).startsWith("502 origin failed: " + named).contains("requires a client certificate"));
    assertThat(originRequests).hasValue(0);
  }

  @Test
  void aPassRouteReachesTheReplicaOverMutualTls() throws Exception {
    edge = edge(replica(true), Optional.of(new OriginTlsConfig(Optional.of(caFile()), Optional.of(clientFiles()))));

    HttpResponse<String> first = get("/api/one");
    HttpResponse<String> second = get("/api/two");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("PASS");
    assertThat(first.body()).isEqualTo("served to CN=edge-seoul");
    assertThat(second.body()).isEqualTo("served to CN=edge-seoul");
    assertThat(served).containsExactly("/api/one CN=edge-seoul", "/api/two CN=edge-seoul");
  }

  @Test
  void aPassedPostToAnUntrustedReplicaIs502WithTheHandshakeReason() throws Exception {
    edge = edge(replica(false), Optional.empty());

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/api/p"))
        .POST(HttpRequest.BodyPublishers.ofString("body")).build(), BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 origin unreachable: origin 127.0.0.1:" + replica.getAddress().getPort()
        + " failed the TLS handshake: ");
    assertThat(originRequests).hasValue(0);
    assertThat(get("/_edge/stats").body()).containsPattern("\"active\":0,[^}]*\"failures\":1");
  }

  @Test
  void activeHttpChecksUseThePoolsTlsToo() throws Exception {
    OriginTlsConfig tls = new OriginTlsConfig(Optional.of(caFile()), Optional.of(clientFiles()));
    edge = edge(replica(true), Optional.of(tls), p -> p.withHealth(
        HealthConfig.defaults().withActive(ActiveCheckConfig.http("/health").every(Duration.ofMillis(20), 1, 1))));

    EdgeUnderTest.await("two probes over mTLS", () -> served.stream().filter("/health CN=edge-seoul"::equals).count() >= 2);
    assertThat(get("/_edge/stats").body()).containsPattern("\"state\":\"UP\"").doesNotContain("DOWN");
  }

  @Test
  void anUnusableCaFileStopsTheEdgeAtStartNamingPoolAndFile() throws Exception {
    URI origin = replica(false);
    Path missing = dir.resolve("no-such-ca.pem");

    assertThatThrownBy(() -> edge(origin, Optional.of(new OriginTlsConfig(Optional.of(missing), Optional.empty()))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("edge t: pool secure: " + missing + ": ");
  }
}
