package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.topology.config.TopologyLoader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void simulatesAZipfWorkloadAndWritesTheReport(@TempDir Path folder) {
    int exit = run("--requests", "20000", "--objects", "2000", "--sizes", "256KiB,1MiB",
        "--out", folder.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Hit ratio", "Byte hit ratio", "W-TinyLFU", "Belady MIN", "LRU (Che)", "256KiB", "1MiB");
    assertThat(folder.resolve("simulation.json")).exists();
    assertThat(folder.resolve("simulation.md")).exists();
    assertThat(folder.resolve("miss-ratio.svg")).exists();
  }

  @Test
  void changeIntervalsAreWrittenAsInTopologyFiles(@TempDir Path folder) {
    int exit = run("--requests", "20000", "--objects", "2000", "--sizes", "1MiB", "--policies", "lru",
        "--change-interval", "1h", "--rate", "100", "--out", folder.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("LRU").doesNotContain("LRU (Che)"); // Che's model assumes objects never change
    assertThat(run("--change-interval", "3600", "--out", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("'--change-interval': must be a duration like 500ms, 2s, 1h or PT2S");
  }

  @Test
  void replaysATraceFileWithUnitSizes(@TempDir Path folder) throws Exception {
    Path trace = Files.writeString(folder.resolve("trace.txt"), "# t object size\n1 a 10\n2 b 10\n3 a 10\n4 a 10\n");
    int exit = run("--trace", trace.toString(), "--cache-objects", "1,2", "--policies", "lru,belady",
        "--out", folder.resolve("report").toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("trace " + trace).doesNotContain("Byte hit ratio").doesNotContain("Che");
    // LRU with one slot: a b a a -> hit only on the last a, so 1 of 4.
    assertThat(out.toString()).containsPattern("1 objects\\s+0\\.2500\\s+0\\.5000");
  }

  @Test
  void takesTheCatalogAndEdgeCacheSizesFromATopologyFile(@TempDir Path folder) throws Exception {
    String json = new String(TopologyLoader.defaultBytes(), StandardCharsets.UTF_8).replace("\"64MiB\"", "\"32MiB\"");
    Path topology = Files.writeString(folder.resolve("topology.json"), json);
    int exit = run("--topology", topology.toString(), "--requests", "20000", "--policies", "lru",
        "--out", folder.resolve("report").toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(topology + ": Zipf(alpha=0.9) over 10,000 objects")
        .containsPattern("32MiB\\s+0\\.\\d{4}"); // the edges' size joins the default sizes
  }

  @Test
  void refusesCatalogOptionsBesideATopologyFile(@TempDir Path folder) throws Exception {
    Path topology = Files.write(folder.resolve("topology.json"), TopologyLoader.defaultBytes());
    assertThat(run("--topology", topology.toString(), "--objects", "5", "--out", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--objects cannot be combined with --topology");
  }

  @Test
  void refusesCacheSizesInBytesAndObjectsAtOnce(@TempDir Path folder) {
    assertThat(run("--sizes", "1MiB", "--cache-objects", "10", "--out", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("either in bytes (--sizes) or in objects (--cache-objects)");
  }

  @Test
  void rejectsAnUnknownPolicyWithUsageExitCode(@TempDir Path folder) {
    assertThat(run("--policies", "lru,clock", "--out", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown policy 'clock'");
  }

  @Test
  void rejectsAMalformedTraceNamingTheLine(@TempDir Path folder) throws Exception {
    Path trace = Files.writeString(folder.resolve("bad.txt"), "1 a 10\n2 b\n");
    assertThat(run("--trace", trace.toString(), "--out", folder.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("bad.txt:2: expected 'timestamp object size'");
  }

  private int run(String... args) {
    return new CommandLine(new SimulateCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
