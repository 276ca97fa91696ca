package dev.cdnsim.topology.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line chart: one or more series over a linear or logarithmic x axis and a y axis
 * from 0 to {@code yMax}, with a legend. Enough for reports that must open in any browser without scripts.
 */
public final class LineChart {
  private static final int WIDTH = 760, HEIGHT = 420, LEFT = 64, RIGHT = 170, TOP = 40, BOTTOM = 56;
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};

  /** One line: its name and points {@code xs[i], ys[i]}. */
  public record Series(String name, double[] xs, double[] ys) {
    public Series {
      if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length");
    }
  }

  private final String title, xLabel, yLabel;
  private final boolean logX;
  private final double yMax;
  private final List<Series> series = new ArrayList<>();

  public LineChart(String title, String xLabel, String yLabel, boolean logX, double yMax) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.yMax = yMax;
  }

  public LineChart add(Series s) {
    series.add(s);
    return this;
  }

  /** The chart as an SVG document. */
  public String svg() {
    double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double x : s.xs()) {
        if (logX && x <= 0) continue;
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
      }
    }
    if (xMin > xMax) { xMin = logX ? 1 : 0; xMax = logX ? 10 : 1; }
    if (xMin == xMax) xMax = xMin + (logX ? xMin * 9 : 1);
    Scale scale = new Scale(fx(xMin), fx(xMax));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, LEFT, 24, "start", escape(title), 15);
    for (int tick = 0; tick <= 5; tick++) {
      double v = yMax * tick / 5, y = y(v);
      svg.append(line(LEFT, y, WIDTH - RIGHT, y, tick == 0 ? "#000" : "#e4e4e4"));
      text(svg, LEFT - 6, y + 4, "end", format(v), 11);
    }
    for (double v : xTicks(xMin, xMax)) {
      double x = scale.x(fx(v));
      svg.append(line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5, "#000"));
      text(svg, x, HEIGHT - BOTTOM + 18, "middle", format(v), 11);
    }
    text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 14, "middle", escape(xLabel), 12);
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">"
        + "%s</text>%n", (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = COLOURS[i % COLOURS.length];
      // A missing value (NaN) breaks the line: a gap says "no data", a straight line across it would lie.
      StringBuilder points = new StringBuilder();
      for (int p = 0; p <= s.xs().length; p++) {
        boolean gap = p == s.xs().length || logX && s.xs()[p] <= 0 || Double.isNaN(s.ys()[p]);
        if (gap) {
          if (!points.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                colour, points.toString().trim()));
          }
          points.setLength(0);
          continue;
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(fx(s.xs()[p])), y(Math.min(yMax, s.ys()[p]))));
      }
      double ly = TOP + 10 + i * 20;
      svg.append(line(WIDTH - RIGHT + 12, ly, WIDTH - RIGHT + 36, ly, colour).replace("stroke-width=\"1\"", "stroke-width=\"3\""));
      text(svg, WIDTH - RIGHT + 42, ly + 4, "start", escape(s.name()), 12);
    }
    return svg.append("</svg>\n").toString();
  }

  private double fx(double x) {
    return logX ? Math.log10(x) : x;
  }

  private double y(double v) {
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (yMax == 0 ? 0 : v / yMax);
  }

  private List<Double> xTicks(double min, double max) {
    List<Double> ticks = new ArrayList<>();
    if (logX) {
      for (double d = Math.pow(10, Math.floor(Math.log10(min))); d <= max * 1.0001; d *= 10) if (d >= min * 0.9999) ticks.add(d);
      if (ticks.size() < 2) { ticks.clear(); ticks.add(min); ticks.add(max); }
    } else {
      double raw = (max - min) / 6, magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = raw / magnitude < 2 ? 2 * magnitude : raw / magnitude < 5 ? 5 * magnitude : 10 * magnitude;
      for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.add(t);
    }
    return ticks;
  }

  private record Scale(double from, double to) {
    double x(double v) {
      return LEFT + (WIDTH - RIGHT - LEFT) * (to == from ? 0 : (v - from) / (to - from));
    }
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
        x1, y1, x2, y2, colour);
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String text, int size) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, text));
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
