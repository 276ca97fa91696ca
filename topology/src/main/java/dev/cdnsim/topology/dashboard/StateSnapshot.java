package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cdnsim.geodns.GeoPoint;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard shows at one instant: every node with its health and place, each edge's counters, what
 * each region's users saw, and the origin's request count. Counters are totals since the topology started; rates
 * come from two snapshots (see {@link Sample#between}).
 *
 * @param timestamp      epoch milliseconds, from the dashboard's clock
 * @param originRequests object requests the origin replicas answered in all
 */
record StateSnapshot(long timestamp, List<NodeState> nodes, List<EdgeState> edges, List<RegionState> regions,
                     long originRequests) {

  public StateSnapshot {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    regions = List.copyOf(regions);
  }

  /** A point of the map in decimal degrees. */
  public record Location(double lat, double lon) {
    static Location of(GeoPoint point) {
      return new Location(point.latitude(), point.longitude());
    }

    GeoPoint toGeoPoint() {
      return new GeoPoint(lat, lon);
    }
  }

  /**
   * One node: {@code kind} is DNS, EDGE or ORIGIN; {@code address} is {@code host:port}; {@code location} is
   * absent for the DNS, which has no place on the map; {@code balancers}, for an origin replica while any edge
   * runs, is how the edges' balancers see it; {@code inDnsAnswers}, for an edge while the geo-DNS runs, whether
   * the geo-DNS's health checks hold it healthy, so that its answers name it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeState(String kind, String id, String address, boolean running, Location location,
                          Balancers balancers, Boolean inDnsAnswers) {
    public NodeState {
      requireNonNull(kind, "kind");
      requireNonNull(id, "id");
      requireNonNull(address, "address");
    }

    NodeState(String kind, String id, String address, boolean running, Location location) {
      this(kind, id, address, running, location, null, null);
    }
  }

  /** Of the {@code edges} running, {@code up} send the replica requests (UP or SLOW_START in all their pools). */
  public record Balancers(int up, int edges) {}

  /** An edge's counters since the topology started (across restarts). */
  public record EdgeState(String id, long requests, long hits, long misses, double hitRatio, long bytesServed,
                          long originRequests, long originBytes) {}

  /**
   * The users of one region: their counters since they started; their time to first byte through the CDN
   * ({@code latency}) and, for the same requests, had they gone straight to the origin ({@code direct}); and
   * {@code nearestEdge}, the nearest running edge: where the geo-DNS sends them once its health checks have seen
   * the edges' state and their cached answers expired (absent when no edge runs). Where they went in fact is in
   * the samples' {@link Sample#flows()}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RegionState(String id, Location location, long requests, long hits, long errors, Latency latency,
                            Latency direct, String nearestEdge) {
    public RegionState {
      requireNonNull(latency, "latency");
      requireNonNull(direct, "direct");
    }
  }

  /** Latency percentiles since the start, in milliseconds; 0 before the first answer. */
  public record Latency(double p50Millis, double p95Millis, double p99Millis) {
    static final Latency NONE = new Latency(0, 0, 0);
  }

  /** The id of the running edge nearest to {@code where} by great-circle distance, as the geo-DNS chooses. */
  static Optional<String> nearestRunningEdge(Location where, List<NodeState> nodes) {
    GeoPoint from = where.toGeoPoint();
    return nodes.stream()
        .filter(n -> n.kind().equals("EDGE") && n.running() && n.location() != null)
        .min(Comparator.comparingDouble(n -> from.distanceKm(n.location().toGeoPoint())))
        .map(NodeState::id);
  }

  /** The edge called {@code id}, if any. */
  Optional<EdgeState> edge(String id) {
    return edges.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The region called {@code id}, if any. */
  Optional<RegionState> region(String id) {
    return regions.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
