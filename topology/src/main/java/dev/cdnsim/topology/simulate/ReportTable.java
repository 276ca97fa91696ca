package dev.cdnsim.topology.simulate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A titled table of a simulation's numbers, rendered as aligned plain text for the terminal or as
 * a Markdown table for the report.
 *
 * @param title what the table shows
 * @param header column names
 * @param rows cells, one list per row, as wide as the header
 */
record ReportTable(String title, List<String> header, List<List<String>> rows) {

  ReportTable {
    requireNonNull(title, "title");
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** The tables of a result: hit ratio, byte hit ratio (unless unit sizes) and replay speed. */
  static List<ReportTable> of(SimulationResult result) {
    List<ReportTable> tables = new ArrayList<>();
    tables.add(ratios(result, "Hit ratio", Measurement::hitRatio, CheApproximation.Estimate::hitRatio));
    if (!result.unitSizes()) {
      tables.add(ratios(result, "Byte hit ratio", Measurement::byteHitRatio,
          CheApproximation.Estimate::byteHitRatio));
    }
    List<List<String>> speed = new ArrayList<>();
    for (Policy policy : result.policies()) {
      speed.add(List.of(policy.label(), String.format(Locale.ROOT, "%.1f", result.requestsPerSecond(policy) / 1e6)));
    }
    tables.add(new ReportTable("Replay speed (million requests per CPU second, all sizes)",
        List.of("policy", "M req/s"), speed));
    return tables;
  }

  private static ReportTable ratios(SimulationResult result, String title,
      ToDoubleFunction<Measurement> ratio, ToDoubleFunction<CheApproximation.Estimate> cheRatio) {
    List<String> header = new ArrayList<>(List.of("cache size"));
    result.policies().forEach(policy -> header.add(policy.label()));
    if (!result.che().isEmpty()) {
      header.add("LRU (Che)");
    }
    List<List<String>> rows = new ArrayList<>();
    List<Long> capacities = result.capacities();
    for (int i = 0; i < capacities.size(); i++) {
      long capacity = capacities.get(i);
      List<String> row = new ArrayList<>(List.of(result.capacityLabel(capacity)));
      for (Policy policy : result.policies()) {
        row.add(fraction(ratio.applyAsDouble(result.measurement(policy, capacity))));
      }
      if (!result.che().isEmpty()) {
        row.add(fraction(cheRatio.applyAsDouble(result.che().get(i))));
      }
      rows.add(row);
    }
    return new ReportTable(title, header, rows);
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** Renders the table as plain text with right-aligned columns. */
  String text() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder(title).append('\n');
    appendAligned(out, header, widths);
    for (List<String> row : rows) {
      appendAligned(out, row, widths);
    }
    return out.toString();
  }

  /** Renders the table as a Markdown section: a level-3 heading and a pipe table. */
  String markdown() {
    StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
    out.append("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int c = 0; c < header.size(); c++) {
      out.append(c == 0 ? "---|" : "---:|");
    }
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  private static void appendAligned(StringBuilder out, List<String> cells, int[] widths) {
    for (int c = 0; c < cells.size(); c++) {
      out.append("  ");
      String cell = cells.get(c);
      if (c == 0) {
        out.append(cell).append(" ".repeat(widths[c] - cell.length()));
      } else {
        out.append(" ".repeat(widths[c] - cell.length())).append(cell);
      }
    }
    out.append('\n');
  }
}
