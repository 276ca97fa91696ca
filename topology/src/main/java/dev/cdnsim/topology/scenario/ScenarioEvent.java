package dev.cdnsim.topology.scenario;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One thing that happens at a set time after a scenario starts.
 *
 * @param at     time since the start
 * @param action what happens
 * @param target the node for {@code STOP}/{@code START}; the object number for {@code FLASH_CROWD} and
 *               {@code PURGE_TOP} (how many of the most popular objects to purge); unused otherwise
 * @param share  the share of all requests a flash crowd draws (0..1); unused otherwise
 */
public record ScenarioEvent(Duration at, Action action, String target, double share) {

  public enum Action {
    /** Stop a node (an edge, an origin replica or the geo-DNS), as if its process died. */
    STOP,
    /** Start a stopped node again on the same address (an edge comes back with an empty cache). */
    START,
    /** From now on {@code share} of all requests go to object {@code target}. */
    FLASH_CROWD,
    /** The flash crowd is over. */
    CALM,
    /** Purge the {@code target} most popular objects on every edge. */
    PURGE_TOP
  }

  public ScenarioEvent {
    requireNonNull(at, "at");
    requireNonNull(action, "action");
    requireNonNull(target, "target");
    if (at.isNegative()) throw new IllegalArgumentException("at must not be negative");
  }

  static ScenarioEvent stop(long seconds, String node) {
    return new ScenarioEvent(Duration.ofSeconds(seconds), Action.STOP, node, 0);
  }

  static ScenarioEvent start(long seconds, String node) {
    return new ScenarioEvent(Duration.ofSeconds(seconds), Action.START, node, 0);
  }

  /** A line for reports: {@code 10s stop seoul}. */
  public String describe() {
    String what = switch (action) {
      case STOP -> "stop " + target;
      case START -> "start " + target;
      case FLASH_CROWD -> "flash crowd: " + Math.round(share * 100) + "% of requests for object " + target;
      case CALM -> "flash crowd ends";
      case PURGE_TOP -> "purge the " + target + " most popular objects on every edge";
    };
    return at.toSeconds() + "s " + what;
  }
}
