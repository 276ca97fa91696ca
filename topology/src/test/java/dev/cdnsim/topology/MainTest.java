package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users meet it: help, exit codes, messages without stack traces. */
class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpExplainsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("up", "edge", "dns", "simulate", "topology", "Ctrl-C");
    assertThat(run("up", "--help")).isZero();
    assertThat(out.toString()).contains("--topology", "--no-traffic", "--duration");
  }

  @Test
  void everyCommandTellsItsVersion() {
    assertThat(run("--version")).isZero();
    assertThat(run("edge", "--version")).isZero();
    assertThat(run("dns", "--version")).isZero();

    // Outside the jar (here, classes from target/) there is no manifest to name the version.
    assertThat(out.toString().lines()).containsExactly("cdnsim development build", "cdnsim development build",
        "cdnsim development build");
  }

  @Test
  void aBadTopologyFileExitsWith2AndNamesFileAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"dns\": {\"listen\": \"127.0.0.1:8053\", \"zone\": \"cdn.test.\"}}");
    assertThat(run("up", "--topology", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(file + ": $.dns.name: is required", file + ": $.edges: needs at least one edge")
        .doesNotContain("Exception", "\tat ");
    assertThat(run("topology", "--check", file.toString())).isEqualTo(2);
  }

  @Test
  void theDefaultTopologyPrintsAndChecksClean(@TempDir Path dir) throws Exception {
    assertThat(run("topology")).isZero();
    Path file = dir.resolve("default.json");
    Files.writeString(file, out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("topology", "--check", file.toString())).isZero();
    assertThat(out.toString()).contains("ok (3 edges, 2 origin replicas, 3 regions)");
  }

  /** The default topology with every port 0, so that it never collides with a running {@code cdnsim up}. */
  private static Path ephemeralTopology(Path dir) throws java.io.IOException {
    String json = new String(dev.cdnsim.topology.config.TopologyLoader.defaultBytes(),
        java.nio.charset.StandardCharsets.UTF_8).replaceAll(":80[0-9][0-9]\"", ":0\"");
    return Files.writeString(dir.resolve("ephemeral.json"), json);
  }

  @Test
  void upRunsTheTopologyShowsWhatTheGeoDnsAndTheBalancersSeeAndFreesEveryPort(@TempDir Path dir) throws Exception {
    Path file = ephemeralTopology(dir);

    Path logs = dir.resolve("logs");

    assertThat(run("up", "--topology", file.toString(), "--no-dashboard", "--duration", "2", "--access-logs",
        logs.toString())).isZero();

    assertThat(out.toString()).contains("cdnsim is up in", "final report:",
        "edges in the geo-DNS's answers: london, sao-paulo, seoul",
        "origin replicas, as the edges see them: us-east-1 up; us-east-2 up",
        "access logs: " + logs + ", one file per edge; try: tail -f " + logs.resolve("seoul.log"),
        "stopped 6 nodes; every port is free.");
    assertThat(err.toString()).doesNotContain("\tat ");
    for (String edge : java.util.List.of("seoul", "london", "sao-paulo")) {
      assertThat(Files.readAllLines(logs.resolve(edge + ".log"))).as(edge).isNotEmpty()
          .allSatisfy(line -> assertThat(line).matches("127\\.\\S+ - - \\[.+] \"GET /\\S+ HTTP/1\\.1\" \\d{3} \\d+ .+"
              + " (HIT|MISS|STALE|REVALIDATED|PASS|ERROR|-)"))
          .anySatisfy(line -> assertThat(line).contains("\"cdnsim-user (" + edge + ")\""));
    }
  }

  @Test
  void anAccessLogFolderThatIsAFileIsNamed(@TempDir Path dir) throws Exception {
    Path topology = ephemeralTopology(dir);
    Path file = Files.createFile(dir.resolve("logs"));

    assertThat(run("up", "--topology", topology.toString(), "--no-dashboard", "--no-traffic", "--duration", "1",
        "--access-logs", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("cannot make the access log folder " + file + ": a file has that name")
        .doesNotContain("\tat ");
  }

  @Test
  void aTakenAddressIsNamedWithAHint(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      String json = new String(dev.cdnsim.topology.config.TopologyLoader.defaultBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replaceAll(":80[0-9][0-9]\"", ":0\"").replace("127.0.10.1:0", "127.0.0.1:" + taken.getLocalPort());
      Path file = dir.resolve("taken.json");
      Files.writeString(file, json);
      assertThat(run("up", "--topology", file.toString(), "--no-traffic", "--no-dashboard", "--duration", "1")).isEqualTo(1);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "another program")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void anUnknownOptionIsAShortUsageError() {
    assertThat(run("up", "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--bogus'").doesNotContain("\tat ");
  }

  @Test
  void aBadValueSaysWhatIsWrongAndWhereTheHelpIsNotTheWholeHelp() {
    assertThat(run("edge", "--origin", "ftp://x")).isEqualTo(2);

    assertThat(err.toString().lines()).containsExactly(
        "cdnsim: Invalid value for option '--origin' (URL): expected an http URL (or https) like"
            + " http://127.0.0.1:18080, was 'ftp://x'",
        "Try 'cdnsim edge --help' for more information.");
  }

  @Test
  void aBadValueInAnOptionsFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("edge.conf");
    Files.writeString(conf, "# one edge\n--listen 127.0.0.1:0\n--origin http://127.0.0.1:1\n--cache-size lots\n");

    assertThat(run("edge", "@" + conf)).isEqualTo(2);
    assertThat(err.toString().lines().findFirst()).hasValue("cdnsim: " + conf + ": Invalid value for option"
        + " '--cache-size': not an amount of bytes: 'lots' (e.g. 64MiB)");
  }

  @Test
  void aMissingOptionsFileIsNamedNotTakenForAnArgument(@TempDir Path dir) {
    Path missing = dir.resolve("nosuch.conf");

    assertThat(run("edge", "@" + missing)).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly("cdnsim: " + missing + ": no such options file",
        "Try 'cdnsim edge --help' for more information.");
  }

  @Test
  void aMisspeltOptionGetsASuggestion() {
    assertThat(run("edge", "--origin", "http://127.0.0.1:1", "--cache-sise", "1MiB")).isEqualTo(2);

    assertThat(err.toString()).contains("Unknown options: '--cache-sise', '1MiB'", "--cache-size")
        .contains("Try 'cdnsim edge --help'").doesNotContain("Usage:");
  }
}
