package dev.cdnsim.geodns;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Chooses the edges to answer with, among candidates of one address family (pure). */
interface EdgeChooser {
  /**
   * Returns the edges for a client at {@code from}, best first, choosing among the healthy
   * candidates; if none is healthy, the nearest candidate(s) with {@code failedOpen} set.
   */
  EdgeChoice choose(GeoPoint from, List<EdgeSite> candidates, Predicate<EdgeSite> healthy);

  /** The chooser for {@code policy}; {@code overCapacity} and {@code random} feed the policies that use them. */
  static EdgeChooser forPolicy(EdgePolicy policy, Predicate<EdgeSite> overCapacity,
                               Supplier<RandomGenerator> random) {
    return switch (policy) {
      case EdgePolicy.NearestN n -> new NearestEdges(n.count());
      case EdgePolicy.WeightedWithinRadius w ->
          new WeightedEdges(w.radiusKm(), w.weights(), random);
      case EdgePolicy.CapacityAware c -> new CapacityAwareEdges(overCapacity);
    };
  }

  /** Nearest first, ties broken by id so that answers are stable. */
  static Comparator<EdgeSite> byDistanceFrom(GeoPoint from) {
    return Comparator.comparingDouble((EdgeSite e) -> from.distanceKm(e.location()))
        .thenComparing(EdgeSite::id);
  }

  /** The fail-open answer: the nearest {@code count} candidates whatever their health. */
  static EdgeChoice failOpen(GeoPoint from, List<EdgeSite> candidates, int count) {
    return new EdgeChoice(candidates.stream().sorted(byDistanceFrom(from)).limit(count).toList(),
        true);
  }
}
