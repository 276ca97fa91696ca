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

  /**
   * The {@code count} nearest of {@code edges} that pass {@code filter}, nearest first, ties broken
   * by id so that answers are stable; each distance is computed once (this runs for every geo
   * query).
   */
  static List<EdgeSite> nearest(GeoPoint from, List<EdgeSite> edges, Predicate<EdgeSite> filter,
                                int count) {
    record Ranked(EdgeSite edge, double km) {}
    List<Ranked> ranked = new java.util.ArrayList<>(edges.size());
    for (EdgeSite e : edges) {
      if (filter.test(e)) {
        ranked.add(new Ranked(e, from.distanceKm(e.location())));
      }
    }
    ranked.sort(Comparator.comparingDouble(Ranked::km)
        .thenComparing(r -> r.edge().id()));
    List<EdgeSite> out = new java.util.ArrayList<>(Math.min(count, ranked.size()));
    for (int i = 0; i < count && i < ranked.size(); i++) {
      out.add(ranked.get(i).edge());
    }
    return out;
  }

  /** The fail-open answer: the nearest {@code count} candidates whatever their health. */
  static EdgeChoice failOpen(GeoPoint from, List<EdgeSite> candidates, int count) {
    return new EdgeChoice(nearest(from, candidates, e -> true, count), true);
  }
}
