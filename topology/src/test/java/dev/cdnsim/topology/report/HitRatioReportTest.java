package dev.cdnsim.topology.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitRatioReportTest {
  @Test
  void eachEdgeThenTheTotalsAndTheOriginOffload() {
    Map<String, EdgeStats> now = new LinkedHashMap<>();
    now.put("seoul", new EdgeStats(100, 80, 20, 10_000, 20, 2_000));
    now.put("london", new EdgeStats(300, 150, 150, 30_000, 150, 15_000));
    Map<String, EdgeStats> before = Map.of("seoul", new EdgeStats(50, 40, 10, 5_000, 10, 1_000));

    List<String> lines = HitRatioReport.render(now, before, 2.0, 170, Map.of());

    assertThat(lines.get(1)).startsWith("seoul").contains(" 100 ", " 25 ", "0.800", "0.800");
    assertThat(lines.get(2)).startsWith("london").contains(" 300 ", "0.500", "0.500");
    assertThat(lines.get(3)).startsWith("all").contains(" 400 ", "0.575", "0.575", " 170");
    assertThat(lines.get(4)).isEqualTo("origin offload: 0.575 of requests and 0.575 of bytes never reached the origin"
        + " (origin replicas served 170)");
  }

  @Test
  void nothingYetShowsDashesNotNaN() {
    List<String> lines = HitRatioReport.render(Map.of("seoul", EdgeStats.NONE), Map.of(), 0, 0, Map.of());
    assertThat(String.join("\n", lines)).contains("-").doesNotContain("NaN");
  }
}
