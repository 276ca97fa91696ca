package dev.cdnsim.topology.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private final TopologyPlan plan = new TopologyLoader().loadDefault();

  @Test
  void everyBuiltInScenarioFitsItsLength() {
    for (String name : Scenario.BUILT_IN.keySet()) {
      Scenario scenario = Scenario.builtIn(name, plan);
      assertThat(scenario.events()).allMatch(e -> e.at().compareTo(scenario.length()) <= 0);
    }
  }

  @Test
  void edgeFailureStopsAndRestartsTheFirstEdge() {
    assertThat(Scenario.builtIn("edge-failure", plan).events()).extracting(ScenarioEvent::describe)
        .containsExactly("10s stop seoul", "25s start seoul");
  }

  @Test
  void eventsAreSortedByTimeAndMayNotOutliveTheRun() {
    Scenario s = new Scenario("x", "y", Duration.ofSeconds(5),
        List.of(ScenarioEvent.start(4, "a"), ScenarioEvent.stop(1, "a")));
    assertThat(s.events()).extracting(ScenarioEvent::describe).containsExactly("1s stop a", "4s start a");
    assertThatThrownBy(() -> new Scenario("x", "y", Duration.ofSeconds(5), List.of(ScenarioEvent.stop(6, "a"))))
        .hasMessageContaining("after the end");
  }

  @Test
  void anUnknownNameListsTheBuiltIns() {
    assertThatThrownBy(() -> Scenario.builtIn("meteor", plan)).hasMessageContaining("no scenario called meteor")
        .hasMessageContaining("edge-failure");
  }
}
