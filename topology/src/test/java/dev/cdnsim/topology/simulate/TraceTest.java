package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.topology.workload.Request;
import dev.cdnsim.topology.workload.RequestGenerator;
import dev.cdnsim.topology.workload.Workload;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTest {
  private static final Workload WORKLOAD = Workload.of(CatalogConfig.defaults(), 0.9, 100);

  @Test
  void generatedTraceGivesEachObjectVersionOneKeyWithTheCatalogSize() {
    Workload changing = WORKLOAD.withChangeInterval(Duration.ofSeconds(30));
    Trace trace = Trace.generate(changing, 8, 20_000);
    RequestGenerator generator = changing.generator(8);
    Map<Integer, String> versionOfKey = new HashMap<>();
    for (int i = 0; i < trace.requests(); i++) {
      Request request = generator.next();
      int key = trace.keys()[i];
      String version = request.object() + "/" + request.version();
      assertThat(versionOfKey.computeIfAbsent(key, k -> version)).isEqualTo(version);
      assertThat(trace.sizes()[key]).isEqualTo(request.size());
    }
    assertThat(trace.keyCount()).isEqualTo(versionOfKey.size());
    assertThat(versionOfKey.values().stream().map(v -> v.split("/")[0]).distinct().count())
        .isLessThan(trace.keyCount()); // 200 s of virtual time: some objects were seen in two versions
  }

  @Test
  void sameSeedGivesTheSameTrace() {
    assertThat(Trace.generate(WORKLOAD, 4, 10_000).keys()).isEqualTo(Trace.generate(WORKLOAD, 4, 10_000).keys());
  }

  @Test
  void nextUsesPointAtTheFollowingRequestOfTheSameKey() {
    Trace trace = Traces.letters("ABACBA");
    int never = Integer.MAX_VALUE;
    assertThat(trace.nextUses()).containsExactly(2, 4, 5, never, never, never);
  }

  @Test
  void unitSizesMakeEveryKeyOneUnit() {
    Trace trace = Traces.letters("ABA", Map.of('A', 5, 'B', 7)).withUnitSizes();
    assertThat(trace.bytes()).isEqualTo(3);
    assertThat(trace.sizes()).containsOnly(1);
  }

  @Test
  void traceFileSkipsCommentsAndTreatsANewSizeAsANewVersion() throws Exception {
    String text = """
        # timestamp object size
        0.0  /a  100
        0.5  /b  0     # an empty body still takes one unit

        1    /a  100
        2    /a  150
        """;
    Trace trace = TraceFile.read(new BufferedReader(new StringReader(text)), "t.txt");
    assertThat(trace.keys()).containsExactly(0, 1, 0, 2);
    assertThat(trace.sizes()).containsExactly(100, 1, 150);
    assertThat(trace.bytes()).isEqualTo(351);
  }

  @Test
  void malformedTraceLinesNameTheFileAndLine() {
    assertThatThrownBy(() -> TraceFile.read(new BufferedReader(new StringReader("1 /a 10\n2 /b\n")), "t.txt"))
        .hasMessage("t.txt:2: expected 'timestamp object size', found 2 fields");
    assertThatThrownBy(() -> TraceFile.read(new BufferedReader(new StringReader("x /a 10\n")), "t.txt"))
        .hasMessageStartingWith("t.txt:1: timestamp and size must be numbers");
    assertThatThrownBy(() -> TraceFile.read(new BufferedReader(new StringReader("1 /a -1\n")), "t.txt"))
        .hasMessageStartingWith("t.txt:1: size must lie in");
  }

  @Test
  void keyIndexAssignsDenseIdsInOrderOfFirstSight() {
    KeyIndex index = new KeyIndex(2);
    for (long key = 0; key < 100_000; key++) {
      assertThat(index.idOf(key * 7919)).isEqualTo((int) key);
    }
    assertThat(index.idOf(0)).isZero();
    assertThat(index.idOf(99_999L * 7919)).isEqualTo(99_999);
    assertThat(index.size()).isEqualTo(100_000);
  }
}
