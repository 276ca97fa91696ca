package dev.cdnsim.geodns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a user sees with {@code dig}; skipped where dig is not installed. */
class DigIntegrationTest {
  private static GeoDnsServer server;
  private static Path zoneFile;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(onPath("dig"), "dig is not on the PATH");
    zoneFile = Files.createTempFile("geo-dns-dig", ".zone");
    Files.writeString(zoneFile, IntStream.range(0, 40)
        .mapToObj(i -> "big 60 IN TXT \"" + "x".repeat(60) + i + "\"")
        .collect(Collectors.joining("\n", "", "\n")));
    server = new GeoDnsServer(DefaultTopology.config().withZoneFile(zoneFile), Clock.systemUTC())
        .start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (zoneFile != null) {
      Files.delete(zoneFile);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(dir -> new File(dir, program).canExecute());
  }

  /** Runs dig against the server with {@code args}; returns its standard output. */
  private static String dig(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p",
        String.valueOf(server.port()), "+time=5", "+tries=1"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }

  @Test
  void userInSeoulGetsTheSeoulEdge() throws Exception {
    assertThat(dig("-b", "127.101.0.1", "www.cdn.test", "+short").strip()).isEqualTo("127.0.1.1");
    assertThat(dig("-b", "127.102.0.1", "www.cdn.test", "+short", "+tcp").strip())
        .isEqualTo("127.0.2.1");
  }

  @Test
  void subnetPlacesTheClientAndShowsTheScope() throws Exception {
    String out = dig("-b", "127.101.0.1", "www.cdn.test", "+subnet=198.51.100.0/24");
    assertThat(out).contains("status: NOERROR").contains("flags: qr aa")
        .contains("CLIENT-SUBNET: 198.51.100.0/24/24")
        .containsPattern("www\\.cdn\\.test\\.\\s+30\\s+IN\\s+A\\s+127\\.0\\.2\\.1");
  }

  @Test
  void aLargeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
    assertThat(dig("TXT", "big.cdn.test", "+bufsize=512", "+ignore"))
        .containsPattern("flags: qr aa tc( rd)?;").contains("ANSWER: 0");
    String tcp = dig("TXT", "big.cdn.test", "+tcp");
    assertThat(tcp).contains("ANSWER: 40").doesNotContain(" tc ");
  }

  @Test
  void ednsVersionOneGetsBadvers() throws Exception {
    assertThat(dig("www.cdn.test", "+edns=1", "+noednsnegotiation")).contains("status: BADVERS");
  }

  @Test
  void negativeAnswersCarryTheSoa() throws Exception {
    String out = dig("nope.cdn.test");
    assertThat(out).contains("status: NXDOMAIN").contains("AUTHORITY: 1")
        .containsPattern("cdn\\.test\\.\\s+30\\s+IN\\s+SOA\\s+ns1\\.cdn\\.test\\. hostmaster");
    assertThat(dig("example.com")).contains("status: REFUSED");
  }

  @Test
  void whoamiTellsTheUserWhatTheServerSaw() throws Exception {
    String out = dig("-b", "127.103.0.9", "TXT", "whoami.cdn.test", "+short");
    assertThat(out).contains("\"source 127.103.0.9\"").contains("\"location sao-paulo")
        .contains("\"edge sao-paulo=127.0.3.1\"");
  }
}
