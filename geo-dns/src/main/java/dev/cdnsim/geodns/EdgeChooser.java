package dev.cdnsim.geodns;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Chooses the nearest healthy edges to a client by great-circle distance. */
final class EdgeChooser {
  private final int count;

  /** A chooser answering with up to {@code count} edges (1 for plain "nearest"). */
  EdgeChooser(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    this.count = count;
  }

  /**
   * Returns the {@code count} healthy candidates nearest to {@code from}, nearest first, ties
   * broken by id so answers are stable; if none is healthy, the nearest of all (fail open).
   */
  EdgeChoice nearest(GeoPoint from, List<EdgeSite> candidates, Predicate<EdgeSite> healthy) {
    if (candidates.isEmpty()) {
      return EdgeChoice.NONE;
    }
    Comparator<EdgeSite> byDistance = Comparator
        .comparingDouble((EdgeSite e) -> from.distanceKm(e.location()))
        .thenComparing(EdgeSite::id);
    List<EdgeSite> up = candidates.stream().filter(healthy).sorted(byDistance).limit(count).toList();
    if (!up.isEmpty()) {
      return new EdgeChoice(up, false);
    }
    return new EdgeChoice(candidates.stream().sorted(byDistance).limit(count).toList(), true);
  }
}
