package dev.cdnsim.edge.balance;

import java.util.SplittableRandom;
import java.util.function.Function;

/** The selection strategies a pool can be configured with, by their config names. */
public enum Algorithm {
  ROUND_ROBIN("round-robin", r -> SelectionStrategy.roundRobin()),
  WEIGHTED_ROUND_ROBIN("weighted-round-robin", r -> SelectionStrategy.weightedRoundRobin()),
  LEAST_CONNECTIONS("least-connections", r -> SelectionStrategy.leastConnections()),
  LEAST_REQUEST("least-request", SelectionStrategy::leastRequest),
  IP_HASH("ip-hash", r -> SelectionStrategy.ipHash()),
  CONSISTENT_HASH("consistent-hash", r -> SelectionStrategy.consistentHash()),
  RANDOM("random", SelectionStrategy::random);

  private final String configName;
  private final Function<SplittableRandom, SelectionStrategy> factory;

  Algorithm(String configName, Function<SplittableRandom, SelectionStrategy> factory) {
    this.configName = configName;
    this.factory = factory;
  }

  /** A new strategy instance (each pool has its own state); {@code random} seeds the random ones. */
  public SelectionStrategy create(SplittableRandom random) {
    return factory.apply(random);
  }

  /** The name used in config files and stats, e.g. {@code least-connections}. */
  public String configName() {
    return configName;
  }

  /** The algorithm named {@code name} in config files ({@code least-connections}) or as the constant. */
  public static Algorithm named(String name) {
    for (Algorithm a : values()) if (a.configName.equals(name) || a.name().equals(name)) return a;
    throw new IllegalArgumentException("unknown balancing algorithm " + name + "; known: "
        + java.util.Arrays.stream(values()).map(Algorithm::configName).toList());
  }
}
