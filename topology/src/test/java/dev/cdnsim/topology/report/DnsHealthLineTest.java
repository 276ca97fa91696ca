package dev.cdnsim.topology.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsHealthLineTest {
  private static Map<String, Boolean> view(boolean seoul, boolean london) {
    Map<String, Boolean> v = new LinkedHashMap<>();
    v.put("seoul", seoul);
    v.put("london", london);
    return v;
  }

  @Test
  void namesTheEdgesInTheAnswersAndThoseLeftOut() {
    assertThat(DnsHealthLine.render(view(true, true))).isEqualTo("edges in the geo-DNS's answers: seoul, london");
    assertThat(DnsHealthLine.render(view(false, true)))
        .isEqualTo("edges in the geo-DNS's answers: london; left out: seoul");
  }

  @Test
  void saysWhatTheGeoDnsDoesWithNoEdgeHealthyAndNothingWhileItIsDown() {
    assertThat(DnsHealthLine.render(view(false, false))).isEqualTo("edges in the geo-DNS's answers: none; left out:"
        + " seoul, london (with none healthy it answers the nearest anyway)");
    assertThat(DnsHealthLine.render(Map.of())).isEmpty();
  }
}
