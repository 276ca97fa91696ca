package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeStatsTest {
  @Test
  void countersAddUpFieldByField() {
    EdgeStats a = new EdgeStats(10, 6, 4, 1000, 4, 400);
    EdgeStats b = new EdgeStats(5, 1, 4, 300, 5, 350);
    assertThat(a.plus(b)).isEqualTo(new EdgeStats(15, 7, 8, 1300, 9, 750));
    assertThat(EdgeStats.NONE.plus(a)).isEqualTo(a);
    assertThat(a.plus(b).hitRatio()).isEqualTo(7 / 15.0);
    assertThat(EdgeStats.NONE.hitRatio()).isZero();
  }
}
