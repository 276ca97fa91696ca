package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One healthy edge drawn by weight among those at most {@code radiusKm} farther than the
 * nearest healthy edge.
 */
final class WeightedEdges implements EdgeChooser {
  private final double radiusKm;
  private final Map<String, Double> weights;
  private final Supplier<RandomGenerator> random;

  WeightedEdges(double radiusKm, Map<String, Double> weights, Supplier<RandomGenerator> random) {
    this.radiusKm = radiusKm;
    this.weights = Map.copyOf(weights);
    this.random = requireNonNull(random, "random");
  }

  @Override
  public EdgeChoice choose(GeoPoint from, List<EdgeSite> candidates,
                           Predicate<EdgeSite> healthy) {
    if (candidates.isEmpty()) {
      return EdgeChoice.NONE;
    }
    List<EdgeSite> up = EdgeChooser.nearest(from, candidates, healthy, candidates.size());
    if (up.isEmpty()) {
      return EdgeChooser.failOpen(from, candidates, 1);
    }
    double limit = from.distanceKm(up.get(0).location()) + radiusKm;
    List<EdgeSite> near = up.stream().filter(e -> from.distanceKm(e.location()) <= limit).toList();
    double total = near.stream().mapToDouble(this::weight).sum();
    double draw = random.get().nextDouble() * total;
    for (EdgeSite edge : near) {
      draw -= weight(edge);
      if (draw < 0) {
        return new EdgeChoice(List.of(edge), false);
      }
    }
    return new EdgeChoice(List.of(near.get(near.size() - 1)), false); // rounding at the top end
  }

  private double weight(EdgeSite edge) {
    return weights.getOrDefault(edge.id(), 1.0);
  }
}
