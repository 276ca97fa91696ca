package dev.cdnsim.topology.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of the dashboard's history: what happened between two snapshots, as rates per second and as the
 * hit ratio and origin offload of that interval alone (a running total hides change), with the estimated flows
 * from regions to edges. A ratio is {@code null} when the interval had no requests, so a chart shows a gap
 * rather than a made-up zero.
 *
 * @param timestamp epoch milliseconds at the end of the interval
 * @param offload   1 − origin requests / edge requests in the interval: the share of requests the edges kept
 *                  from the origin
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Sample(long timestamp, double seconds, Map<String, EdgeRate> edges, Map<String, RegionRate> regions,
              List<Flow> flows, double originRequestsPerSecond, Double offload) {

  public Sample {
    edges = Collections.unmodifiableMap(new LinkedHashMap<>(edges));
    regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    flows = List.copyOf(flows);
  }

  /** Requests per second from one region's users to one edge, as {@link Flows} estimates them. */
  public record Flow(String region, String edge, double requestsPerSecond) {}

  /** An edge in one interval; {@code hitRatio} is null when it had no requests. */
  public record EdgeRate(double requestsPerSecond, Double hitRatio, double originRequestsPerSecond) {}

  /** A region's users in one interval, with their latency percentiles since they started. */
  public record RegionRate(double requestsPerSecond, double errorsPerSecond, StateSnapshot.Latency latency) {}

  /**
   * The interval from {@code before} to {@code after}. An edge or region missing from {@code before} counts
   * from zero; an interval of no time gives rates of 0.
   */
  static Sample between(StateSnapshot before, StateSnapshot after) {
    double seconds = Math.max(0, (after.timestamp() - before.timestamp()) / 1000.0);
    Map<String, EdgeRate> edges = new LinkedHashMap<>();
    long edgeRequests = 0;
    for (StateSnapshot.EdgeState now : after.edges()) {
      StateSnapshot.EdgeState then = before.edge(now.id())
          .orElse(new StateSnapshot.EdgeState(now.id(), 0, 0, 0, 0, 0, 0, 0));
      long requests = now.requests() - then.requests();
      edgeRequests += requests;
      edges.put(now.id(), new EdgeRate(perSecond(requests, seconds), ratio(now.hits() - then.hits(), requests),
          perSecond(now.originRequests() - then.originRequests(), seconds)));
    }
    Map<String, RegionRate> regions = new LinkedHashMap<>();
    for (StateSnapshot.RegionState now : after.regions()) {
      long requests = now.requests() - before.region(now.id()).map(StateSnapshot.RegionState::requests).orElse(0L);
      long errors = now.errors() - before.region(now.id()).map(StateSnapshot.RegionState::errors).orElse(0L);
      regions.put(now.id(), new RegionRate(perSecond(requests, seconds), perSecond(errors, seconds), now.latency()));
    }
    long originRequests = after.originRequests() - before.originRequests();
    Double served = ratio(originRequests, edgeRequests);
    return new Sample(after.timestamp(), seconds, edges, regions, flows(after, edges, regions),
        perSecond(originRequests, seconds), served == null ? null : 1 - served);
  }

  private static List<Flow> flows(StateSnapshot after, Map<String, EdgeRate> edges, Map<String, RegionRate> regions) {
    List<Flows.Site> users = after.regions().stream()
        .map(r -> new Flows.Site(r.id(), r.location().toGeoPoint(), regions.get(r.id()).requestsPerSecond()))
        .toList();
    List<Flows.Site> servers = after.nodes().stream()
        .filter(n -> n.kind().equals("EDGE") && n.location() != null && edges.containsKey(n.id()))
        .map(n -> new Flows.Site(n.id(), n.location().toGeoPoint(), edges.get(n.id()).requestsPerSecond()))
        .toList();
    return Flows.estimate(users, servers);
  }

  private static double perSecond(long count, double seconds) {
    return seconds == 0 ? 0 : count / seconds;
  }

  private static Double ratio(long part, long whole) {
    return whole <= 0 ? null : (double) part / whole;
  }
}
