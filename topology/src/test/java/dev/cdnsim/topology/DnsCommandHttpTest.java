package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdnsim dns --http ADDRESS:PORT}: the lone geo-DNS serves /metrics and /stats. */
class DnsCommandHttpTest {
  private static final String CONFIG = """
      {"listen": "127.0.0.1:0", "zone": "cdn.example.", "service": "www",
       "edges": [{"id": "dc1", "address": "127.0.1.1", "location": {"lat": 37.5665, "lon": 126.9780}}]}
      """;

  @TempDir Path dir;

  @Test
  void servesMetricsWhereAskedAndSaysWhere() throws Exception {
    Path config = Files.writeString(dir.resolve("dns.json"), CONFIG);
    DnsCommand command = new DnsCommand();
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(out, true));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (HttpClient http = HttpClient.newHttpClient()) {
      Future<Integer> exit = executor.submit(() -> cmd.execute("--config", config.toString(), "--http", "127.0.0.1:0"));
      String url = await(Pattern.compile("curl -s (http://127\\.0\\.0\\.1:\\d+/metrics)"), out, exit);
      HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("cdnsim_dns_info{zone=\"cdn.example.\"} 1\n")
          .contains("cdnsim_dns_edge_up{edge=\"dc1\"} 1.0\n");
      command.stop.countDown();
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    } finally {
      command.stop.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void aBadHttpAddressIsAConfigProblem() throws Exception {
    Path config = Files.writeString(dir.resolve("dns.json"), CONFIG);
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DnsCommand());
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("--config", config.toString(), "--http", "localhost")).isEqualTo(2);
    assertThat(err.toString()).contains("--http: must be address:port");
  }

  private static String await(Pattern pattern, StringWriter out, Future<Integer> exit) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher m = pattern.matcher(out.toString());
      if (m.find()) return m.group(1);
      Thread.onSpinWait();
    }
    throw new AssertionError("no metrics line; output: " + out + (exit.isDone() ? " exit " + exit.get() : ""));
  }
}
