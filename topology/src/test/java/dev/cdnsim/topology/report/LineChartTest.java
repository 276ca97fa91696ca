package dev.cdnsim.topology.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineChartTest {
  @Test
  void aMissingValueBreaksTheLineInTwo() {
    String svg = new LineChart("t", "x", "y", false, 1)
        .add(new LineChart.Series("a", new double[] {0, 1, 2, 3, 4}, new double[] {0.1, 0.2, Double.NaN, 0.4, 0.5}))
        .svg();
    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).doesNotContain("NaN");
  }

  @Test
  void linearTicksAreRoundNumbersAndTextIsEscaped() {
    String svg = new LineChart("<hits & misses>", "seconds", "ratio", false, 1)
        .add(new LineChart.Series("e", new double[] {1.1, 60}, new double[] {0.2, 0.8})).svg();
    assertThat(svg).contains(">10</text>", ">20</text>", ">60</text>").doesNotContain(">1.1</text>");
    assertThat(svg).contains("&lt;hits &amp; misses&gt;");
  }

  @Test
  void logAxesTickAtPowersOfTen() {
    String svg = new LineChart("cdf", "ms", "share", true, 1)
        .add(new LineChart.Series("r", new double[] {0.5, 3, 40, 700}, new double[] {0.1, 0.5, 0.9, 1})).svg();
    assertThat(svg).contains(">1</text>", ">10</text>", ">100</text>");
  }
}
