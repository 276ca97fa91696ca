package dev.cdnsim.topology.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cdnsim.topology.report.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a scenario's report into a folder: report.json, report.md, hit-ratio.svg and latency-cdf.svg. */
final class ReportFiles {
  private ReportFiles() {}

  static void write(Path folder, ScenarioReport report) throws IOException {
    Files.createDirectories(folder);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("report.json").toFile(), report);
    Files.writeString(folder.resolve("report.md"), report.markdown());
    Files.writeString(folder.resolve("hit-ratio.svg"), hitRatioChart(report));
    Files.writeString(folder.resolve("latency-cdf.svg"), latencyChart(report));
  }

  static String hitRatioChart(ScenarioReport report) {
    LineChart chart = new LineChart("Hit ratio per edge, each second (" + report.scenario() + ")", "seconds", "hit ratio",
        false, 1.0);
    List<ScenarioReport.Sample> timeline = report.timeline();
    for (ScenarioReport.Edge edge : report.edges()) {
      double[] xs = timeline.stream().mapToDouble(ScenarioReport.Sample::second).toArray();
      double[] ys = timeline.stream().mapToDouble(s -> s.hitRatio().getOrDefault(edge.id(), Double.NaN)).toArray();
      chart.add(new LineChart.Series(edge.id(), xs, ys));
    }
    return chart.svg();
  }

  static String latencyChart(ScenarioReport report) {
    LineChart chart = new LineChart("Time to first byte, by region (CDF)", "milliseconds (log scale)", "share of requests",
        true, 1.0);
    report.regions().forEach(region -> {
      double[][] cdf = region.ttfbCdf();
      double[] xs = new double[cdf.length], ys = new double[cdf.length];
      for (int i = 0; i < cdf.length; i++) {
        xs[i] = cdf[i][0];
        ys[i] = cdf[i][1];
      }
      chart.add(new LineChart.Series(region.id(), xs, ys));
    });
    return chart.svg();
  }
}
