package dev.cdnsim.topology.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScenarioReportTest {
  @Test
  void withNoFailuresTheCountsMustBeEqual() {
    assertThat(ScenarioReport.agree(1000, 0, 1000)).isTrue();
    assertThat(ScenarioReport.agree(1000, 0, 1001)).isFalse();
    assertThat(ScenarioReport.agree(1001, 0, 1000)).isFalse();
  }

  @Test
  void anEdgeMayHaveCountedRequestsCutOffWhenItStoppedButNoMoreThanFailed() {
    assertThat(ScenarioReport.agree(1000, 5, 1003)).isTrue();   // 3 counted, then cut off; 2 refused outright
    assertThat(ScenarioReport.agree(1000, 5, 1005)).isTrue();
    assertThat(ScenarioReport.agree(1000, 5, 1006)).isFalse();  // more than failed: something is miscounted
    assertThat(ScenarioReport.agree(1000, 5, 999)).isFalse();   // a user's answer no edge counted
  }

  @Test
  void saysHowManyRequestsGotNoAnswerInWords() {
    assertThat(ScenarioReport.unanswered(0)).isEqualTo("no request went unanswered");
    assertThat(ScenarioReport.unanswered(1)).isEqualTo("1 request got no answer at all");
    assertThat(ScenarioReport.unanswered(216)).isEqualTo("216 requests got no answer at all");
  }
}
