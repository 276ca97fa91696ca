package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Predicate;

/**
 * The nearest healthy edge with spare capacity; if every healthy edge is over capacity, the
 * nearest healthy one (an overloaded edge still beats a dead one).
 */
final class CapacityAwareEdges implements EdgeChooser {
  private final Predicate<EdgeSite> overCapacity;
  private final NearestEdges nearest = new NearestEdges(1);

  CapacityAwareEdges(Predicate<EdgeSite> overCapacity) {
    this.overCapacity = requireNonNull(overCapacity, "overCapacity");
  }

  @Override
  public EdgeChoice choose(GeoPoint from, List<EdgeSite> candidates,
                           Predicate<EdgeSite> healthy) {
    EdgeChoice spare = nearest.choose(from, candidates, healthy.and(overCapacity.negate()));
    return spare.failedOpen() ? nearest.choose(from, candidates, healthy) : spare;
  }
}
