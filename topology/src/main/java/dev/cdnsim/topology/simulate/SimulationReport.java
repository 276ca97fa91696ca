package dev.cdnsim.topology.simulate;

import dev.cdnsim.topology.config.DataSize;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link SimulationResult}: tables for the terminal, and a report folder holding
 * {@code simulation.json}, {@code simulation.md} and the plot {@code miss-ratio.svg}.
 */
public final class SimulationReport {
  private final SimulationResult result;

  public SimulationReport(SimulationResult result) {
    this.result = requireNonNull(result, "result");
  }

  /** Returns the summary and tables as plain text. */
  public String text() {
    return summary() + "\n\n" + ReportTable.of(result).stream().map(ReportTable::text)
        .collect(Collectors.joining("\n"));
  }

  /** Returns the report as Markdown, with the plot linked. */
  public String markdown() {
    return "# cdnsim simulate\n\n" + summary() + "\n\n![miss ratio by cache size](miss-ratio.svg)\n\n"
        + ReportTable.of(result).stream().map(ReportTable::markdown).collect(Collectors.joining("\n"));
  }

  /** Returns every number of the result as pretty-printed JSON. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode()
        .put("source", result.source())
        .put("requests", result.requests())
        .put("keys", result.keys())
        .put("bytes", result.bytes())
        .put("unitSizes", result.unitSizes())
        .put("wallSeconds", result.wallNanos() / 1e9);
    ArrayNode measurements = root.putArray("measurements");
    for (Measurement m : result.measurements()) {
      measurements.addObject()
          .put("policy", m.policy().id())
          .put("capacity", m.capacity())
          .put("hitRatio", m.hitRatio())
          .put("byteHitRatio", m.byteHitRatio())
          .put("requests", m.requests())
          .put("hits", m.hits())
          .put("bytes", m.bytes())
          .put("hitBytes", m.hitBytes())
          .put("cpuSeconds", m.cpuNanos() / 1e9)
          .put("requestsPerSecond", m.requestsPerSecond());
    }
    ArrayNode che = root.putArray("cheLru");
    for (CheApproximation.Estimate estimate : result.che()) {
      che.addObject()
          .put("capacity", estimate.capacity())
          .put("hitRatio", estimate.hitRatio())
          .put("byteHitRatio", estimate.byteHitRatio())
          .put("characteristicTime", estimate.characteristicTime());
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Writes {@code simulation.json}, {@code simulation.md} and {@code miss-ratio.svg} into {@code folder}. */
  public List<Path> write(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path json = Files.writeString(folder.resolve("simulation.json"), json());
    Path markdown = Files.writeString(folder.resolve("simulation.md"), markdown());
    Path svg = Files.writeString(folder.resolve("miss-ratio.svg"), MissRatioPlot.svg(result));
    return List.of(json, markdown, svg);
  }

  private String summary() {
    return String.format(Locale.ROOT, "%s: %,d requests, %,d distinct objects, %s requested; "
            + "%d policies x %d sizes replayed in %.1f s.",
        result.source(), result.requests(), result.keys(),
        result.unitSizes() ? "unit sizes" : DataSize.approximate(result.bytes()),
        result.policies().size(), result.capacities().size(), result.wallNanos() / 1e9);
  }
}
