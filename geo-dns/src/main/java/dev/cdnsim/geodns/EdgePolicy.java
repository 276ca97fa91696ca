package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * How a service name chooses among the healthy edges of the client's address family. Every
 * policy fails open: with no healthy edge, the nearest are answered anyway.
 */
public sealed interface EdgePolicy {
  /** The nearest healthy edge (the default). */
  static EdgePolicy nearest() {
    return new NearestN(1);
  }

  /** The {@code count} nearest healthy edges as several records, nearest first. */
  record NearestN(int count) implements EdgePolicy {
    public NearestN {
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1: " + count);
      }
    }
  }

  /**
   * One edge drawn at random, in proportion to its weight (1 when not listed), among the healthy
   * edges at most {@code radiusKm} farther than the nearest healthy one: spreads load between
   * sites that are about equally near.
   */
  record WeightedWithinRadius(double radiusKm, Map<String, Double> weights)
      implements EdgePolicy {
    public WeightedWithinRadius {
      if (!(radiusKm >= 0)) {
        throw new IllegalArgumentException("radiusKm must not be negative: " + radiusKm);
      }
      weights = Map.copyOf(requireNonNull(weights, "weights"));
      weights.forEach((id, w) -> {
        if (!(w > 0) || w.isInfinite()) {
          throw new IllegalArgumentException("weight of " + id + " must be positive: " + w);
        }
      });
    }
  }

  /**
   * The nearest healthy edge that does not report itself over capacity (its health check
   * answers 429 Too Many Requests); if every healthy edge is over capacity, the nearest of them.
   */
  record CapacityAware() implements EdgePolicy {}
}
