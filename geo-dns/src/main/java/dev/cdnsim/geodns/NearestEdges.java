package dev.cdnsim.geodns;

import java.util.List;
import java.util.function.Predicate;

/** The {@code count} nearest healthy edges by great-circle distance. */
final class NearestEdges implements EdgeChooser {
  private final int count;

  NearestEdges(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    this.count = count;
  }

  @Override
  public EdgeChoice choose(GeoPoint from, List<EdgeSite> candidates,
                           Predicate<EdgeSite> healthy) {
    if (candidates.isEmpty()) {
      return EdgeChoice.NONE;
    }
    List<EdgeSite> up = EdgeChooser.nearest(from, candidates, healthy, count);
    return up.isEmpty() ? EdgeChooser.failOpen(from, candidates, count)
        : new EdgeChoice(up, false);
  }
}
