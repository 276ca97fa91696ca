package dev.cdnsim.topology.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SimulationReportTest {
  private static final long MIB = 1 << 20;
  private static final SimulationResult RESULT = new SimulationResult("test <trace>", 1_000, 100, 50_000, false,
      List.of(
          new Measurement(Policy.LRU, MIB, 1_000, 250, 50_000, 10_000, 1_000_000),
          new Measurement(Policy.LRU, 4 * MIB, 1_000, 500, 50_000, 20_000, 1_000_000),
          new Measurement(Policy.BELADY, MIB, 1_000, 400, 50_000, 15_000, 2_000_000),
          new Measurement(Policy.BELADY, 4 * MIB, 1_000, 700, 50_000, 30_000, 2_000_000)),
      List.of(new CheApproximation.Estimate(MIB, 0.26, 0.21, 100), new CheApproximation.Estimate(4 * MIB, 0.49, 0.41, 400)),
      3_000_000_000L);

  @Test
  void textTablesHoldEveryRatioAndTheSpeedPerPolicy() {
    String text = new SimulationReport(RESULT).text();
    assertThat(text)
        .contains("1,000 requests, 100 distinct objects")
        .contains("replayed in 3.0 s")
        .containsPattern("1MiB\\s+0\\.2500\\s+0\\.4000\\s+0\\.2600")
        .containsPattern("4MiB\\s+0\\.4000\\s+0\\.6000\\s+0\\.4100") // byte hit ratios
        .containsPattern("LRU\\s+1\\.0") // 2,000 requests in 2 ms of CPU: 1.0 million per second
        .containsPattern("Belady MIN\\s+0\\.5");
  }

  @Test
  void markdownHasAPipeTablePerMeasure() {
    String markdown = new SimulationReport(RESULT).markdown();
    assertThat(markdown)
        .contains("| cache size | LRU | Belady MIN | LRU (Che) |")
        .contains("|---|---:|---:|---:|")
        .contains("| 1MiB | 0.2500 | 0.4000 | 0.2600 |")
        .contains("![miss ratio by cache size](miss-ratio.svg)");
  }

  @Test
  void jsonCarriesEveryMeasurement() throws Exception {
    JsonNode json = new ObjectMapper().readTree(new SimulationReport(RESULT).json());
    assertThat(json.get("measurements")).hasSize(4);
    assertThat(json.get("measurements").get(2).get("policy").asText()).isEqualTo("belady");
    assertThat(json.get("measurements").get(2).get("hitRatio").asDouble()).isEqualTo(0.4);
    assertThat(json.get("cheLru").get(1).get("byteHitRatio").asDouble()).isEqualTo(0.41);
  }

  @Test
  void writesAWellFormedSvgWithACurvePerPolicy(@TempDir Path folder) throws Exception {
    List<Path> written = new SimulationReport(RESULT).write(folder);
    assertThat(written).extracting(p -> p.getFileName().toString())
        .containsExactly("simulation.json", "simulation.md", "miss-ratio.svg");
    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(Files.readString(folder.resolve("miss-ratio.svg")).getBytes(StandardCharsets.UTF_8)));
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(3); // LRU, Belady, Che
    assertThat(Files.readString(folder.resolve("miss-ratio.svg"))).contains("Belady MIN").contains("4MiB");
  }
}
