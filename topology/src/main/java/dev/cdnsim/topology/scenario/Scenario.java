package dev.cdnsim.topology.scenario;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.topology.config.TopologyPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A timed list of events played against a running topology under steady simulated traffic; the run ends by
 * itself after {@code length} and writes its report.
 */
public record Scenario(String name, String description, Duration length, List<ScenarioEvent> events) {

  /** The built-in scenarios, by name, with what each shows. */
  public static final Map<String, String> BUILT_IN = Map.of(
      "edge-failure", "the first edge dies at 10s and comes back at 25s: DNS moves its users to the next nearest edge,"
          + " and back once their cached answer expires",
      "origin-failure", "the first origin replica dies at 10s and comes back at 25s: the edges' balancers route around it",
      "flash-crowd", "from 10s to 25s half of all requests go to one cold object: one origin fetch per edge",
      "purge-storm", "from 10s to 20s the 100 most popular objects are purged on every edge each second",
      "cold-start", "empty caches warming up: hit ratio over time");

  public Scenario {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(length, "length");
    events = events.stream().sorted(Comparator.comparing(ScenarioEvent::at)).toList();
    if (length.isNegative() || length.isZero()) throw new IllegalArgumentException("length must be positive");
    for (ScenarioEvent e : events) {
      if (e.at().compareTo(length) > 0) throw new IllegalArgumentException("event after the end: " + e.describe());
    }
  }

  /** The built-in scenario {@code name} for {@code plan} (it names the plan's first edge or origin). */
  public static Scenario builtIn(String name, TopologyPlan plan) {
    String description = BUILT_IN.get(name);
    if (description == null) {
      throw new NoSuchElementException("no scenario called " + name + "; built in: " + String.join(", ", BUILT_IN.keySet()));
    }
    List<ScenarioEvent> events = new ArrayList<>();
    Duration length = Duration.ofSeconds(40);
    switch (name) {
      case "edge-failure" -> {
        // Users return when their cached DNS answer expires (TTL 30 s by default): run long enough to see it.
        length = Duration.ofSeconds(60);
        events.add(ScenarioEvent.stop(10, plan.edges().get(0).id()));
        events.add(ScenarioEvent.start(25, plan.edges().get(0).id()));
      }
      case "origin-failure" -> {
        events.add(ScenarioEvent.stop(10, plan.origins().get(0).id()));
        events.add(ScenarioEvent.start(25, plan.origins().get(0).id()));
      }
      case "flash-crowd" -> {
        // The least popular object: surely cold when the crowd arrives.
        String object = Integer.toString(plan.catalog().objects());
        events.add(new ScenarioEvent(Duration.ofSeconds(10), ScenarioEvent.Action.FLASH_CROWD, object, 0.5));
        events.add(new ScenarioEvent(Duration.ofSeconds(25), ScenarioEvent.Action.CALM, "", 0));
      }
      case "purge-storm" -> {
        for (int s = 10; s < 20; s++) {
          events.add(new ScenarioEvent(Duration.ofSeconds(s), ScenarioEvent.Action.PURGE_TOP, "100", 0));
        }
      }
      default -> length = Duration.ofSeconds(30); // cold-start: nothing happens but warming up
    }
    return new Scenario(name, description, length, events);
  }
}
