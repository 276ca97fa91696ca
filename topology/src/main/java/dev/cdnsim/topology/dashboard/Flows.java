package dev.cdnsim.topology.dashboard;

import dev.cdnsim.geodns.GeoPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which edges a region's users went to in an interval, estimated from counters alone: the users' requests per
 * region and the edges' requests per edge. Users go to the nearest edge the geo-DNS deems healthy, and keep a
 * cached answer for its TTL, so after an edge stops or comes back they may be anywhere for a while; the estimate
 * sends each region's requests to the edges that served requests, shortest hauls first (the least-cost method
 * of the transportation problem). It is exact whenever each edge serves one region, or users of every region
 * share edges only with nearer users, which is how geo-DNS routes; flows of less than {@value #NOISE_SHARE} of
 * a region's requests are left out as noise.
 */
final class Flows {
  private static final double EPSILON = 1e-9;
  /**
   * Flows below this share of their region's requests are dropped: the edges' and the users' counters are read a
   * moment apart, and the few requests by which they differ would otherwise show as thin flows across the map.
   */
  static final double NOISE_SHARE = 0.03;

  private Flows() {}

  /** A source or sink of traffic on the map: a region's users or an edge, with its requests per second. */
  record Site(String id, GeoPoint location, double requestsPerSecond) {}

  /**
   * Spreads each region's rate over the edges, nearest pairs first, with the edges' rates scaled so both sides
   * add up to the same total (the counters are read at slightly different instants, and requests that never
   * reached an edge count for the region only). Flows come in region order, then edge order.
   */
  static List<Sample.Flow> estimate(List<Site> regions, List<Site> edges) {
    double supplied = regions.stream().mapToDouble(s -> Math.max(0, s.requestsPerSecond())).sum();
    double served = edges.stream().mapToDouble(s -> Math.max(0, s.requestsPerSecond())).sum();
    if (supplied <= EPSILON || served <= EPSILON) return List.of();
    double[] left = regions.stream().mapToDouble(s -> Math.max(0, s.requestsPerSecond())).toArray();
    double[] room = edges.stream().mapToDouble(s -> Math.max(0, s.requestsPerSecond()) * supplied / served).toArray();
    record Pair(int region, int edge, double km) {}
    List<Pair> pairs = new ArrayList<>();
    for (int r = 0; r < regions.size(); r++) {
      for (int e = 0; e < edges.size(); e++) {
        pairs.add(new Pair(r, e, regions.get(r).location().distanceKm(edges.get(e).location())));
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::km).thenComparingInt(Pair::region).thenComparingInt(Pair::edge));
    double[][] flow = new double[regions.size()][edges.size()];
    for (Pair p : pairs) {
      double moved = Math.min(left[p.region()], room[p.edge()]);
      if (moved <= EPSILON * supplied) continue;
      flow[p.region()][p.edge()] += moved;
      left[p.region()] -= moved;
      room[p.edge()] -= moved;
    }
    List<Sample.Flow> flows = new ArrayList<>();
    for (int r = 0; r < regions.size(); r++) {
      double rate = Math.max(0, regions.get(r).requestsPerSecond());
      for (int e = 0; e < edges.size(); e++) {
        if (flow[r][e] > EPSILON * supplied && flow[r][e] >= NOISE_SHARE * rate) {
          flows.add(new Sample.Flow(regions.get(r).id(), edges.get(e).id(), flow[r][e]));
        }
      }
    }
    return flows;
  }
}
