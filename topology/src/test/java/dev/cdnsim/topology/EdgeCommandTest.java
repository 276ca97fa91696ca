package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.tls.KeyMaterial;
import dev.cdnsim.edge.tls.PemFiles;
import dev.cdnsim.edge.tls.SubjectNames;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        "--origin", "http://127.0.0.1:1", "--cache-size", "1MiB", "--policy", "lru", "--id", "solo"));
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
    assertThat(out.toString()).contains("edge solo listening on http://127.0.0.1:" + port, "cache 1MiB (lru)", "stopped");
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
  void badValuesAreShortUsageErrors() {
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--cache-size", "lots")).isEqualTo(2);
    assertThat(cli().execute("--origin", "ftp://x")).isEqualTo(2);
    assertThat(cli().execute("--origin", "http://127.0.0.1:1", "--policy", "fifo")).isEqualTo(2);
    assertThat(cli().execute("--listen", "nowhere", "--origin", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(cli().execute()).isEqualTo(2);
    assertThat(err.toString()).contains("--cache-size", "http URL", "tinylfu or lru", "ADDRESS:PORT", "--origin")
        .doesNotContain("\tat ");
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
