package dev.cdnsim.topology.simulate;

import dev.cdnsim.topology.config.DataSize;
import java.util.List;
import java.util.Locale;

/**
 * Draws the miss-ratio curves of a simulation as a self-contained SVG document: miss ratio (0 to
 * 1) against cache size on a logarithmic axis, one line per policy, Che's LRU estimate dashed.
 */
final class MissRatioPlot {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 460;
  private static final int LEFT = 70;
  private static final int RIGHT = 190;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final String[] COLOURS =
      {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#111111", "#8c564b", "#e377c2"};

  private final SimulationResult result;
  private final List<Long> capacities;
  private final StringBuilder svg = new StringBuilder();

  private MissRatioPlot(SimulationResult result) {
    this.result = result;
    this.capacities = result.capacities();
  }

  /** Returns the plot of {@code result} as an SVG document. */
  static String svg(SimulationResult result) {
    return new MissRatioPlot(result).draw();
  }

  private String draw() {
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(LEFT, 22, "start", "Miss ratio by cache size" + (result.unitSizes() ? " (objects)" : ""), "15");
    axes();
    List<Policy> policies = result.policies();
    for (int p = 0; p < policies.size(); p++) {
      Policy policy = policies.get(p);
      double[] missRatios = capacities.stream()
          .mapToDouble(c -> 1 - result.measurement(policy, c).hitRatio()).toArray();
      curve(missRatios, COLOURS[p % COLOURS.length], false);
      legend(p, policy.label(), COLOURS[p % COLOURS.length], false);
    }
    if (!result.che().isEmpty()) {
      double[] che = result.che().stream().mapToDouble(e -> 1 - e.hitRatio()).toArray();
      curve(che, "#7f7f7f", true);
      legend(policies.size(), "LRU (Che)", "#7f7f7f", true);
    }
    return svg.append("</svg>\n").toString();
  }

  private void axes() {
    int plotBottom = HEIGHT - BOTTOM;
    for (int tick = 0; tick <= 10; tick++) {
      double y = y(tick / 10.0);
      line(LEFT, y, WIDTH - RIGHT, y, tick == 0 ? "#000" : "#e0e0e0");
      text(LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%.1f", tick / 10.0), "12");
    }
    line(LEFT, TOP, LEFT, plotBottom, "#000");
    for (int i = 0; i < capacities.size(); i++) {
      double x = x(i);
      line(x, plotBottom, x, plotBottom + 5, "#000");
      String label = result.unitSizes() ? Long.toString(capacities.get(i)) : DataSize.format(capacities.get(i));
      text(x, plotBottom + 20, "middle", label, "12");
    }
    text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 15, "middle",
        result.unitSizes() ? "cache size (objects, log scale)" : "cache size (bytes, log scale)", "12");
    svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 18 %.1f)\">miss ratio</text>%n", (TOP + plotBottom) / 2.0, (TOP + plotBottom) / 2.0));
  }

  private void curve(double[] missRatios, String colour, boolean dashed) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < missRatios.length; i++) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i), y(missRatios[i])));
    }
    svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
        points.toString().strip(), colour, dashed ? " stroke-dasharray=\"6 4\"" : ""));
    for (int i = 0; i < missRatios.length && !dashed; i++) {
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
          x(i), y(missRatios[i]), colour));
    }
  }

  private void legend(int row, String label, String colour, boolean dashed) {
    double y = TOP + 10 + row * 20;
    double x = WIDTH - RIGHT + 20;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
        + "stroke-width=\"2\"%s/>%n", x, y, x + 24, y, colour, dashed ? " stroke-dasharray=\"6 4\"" : ""));
    text(x + 30, y + 4, "start", label, "12");
  }

  /** Positions capacities on a log scale from the smallest to the largest. */
  private double x(int index) {
    double span = WIDTH - RIGHT - LEFT - 40;
    if (capacities.size() == 1) {
      return LEFT + 20 + span / 2;
    }
    double low = Math.log(capacities.getFirst());
    double high = Math.log(capacities.getLast());
    double position = high > low ? (Math.log(capacities.get(index)) - low) / (high - low)
        : index / (capacities.size() - 1.0);
    return LEFT + 20 + span * position;
  }

  private double y(double missRatio) {
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - Math.max(0, Math.min(1, missRatio)));
  }

  private void line(double x1, double y1, double x2, double y2, String colour) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
        x1, y1, x2, y2, colour));
  }

  private void text(double x, double y, String anchor, String content, String size) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%s\">%s</text>%n",
        x, y, anchor, size, escape(content)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
