package dev.cdnsim.topology.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scenario run measured: the users' view per region, each node's own counters, and a per-second
 * timeline of each edge's hit ratio. Serialised as JSON as it stands; {@link #markdown()} renders it for people.
 *
 * @param userResponses   requests the users got an HTTP answer to
 * @param userUnreachable requests that failed on the users' side with no answer (refused, reset, timed out)
 * @param edgeRequests    requests the edges counted
 * @param consistent      the two views agree: every answer a user got was counted by an edge, and every request
 *                        an edge counted beyond those failed on the user's side (cut off when its edge stopped)
 * @param healthChecks    the active checks the edges' pools run against the origin replicas, in words
 * @param replicaHealth   every change in an edge's view of an origin replica, in order
 * @param dnsChecks       the checks the geo-DNS runs against the edges, in words
 * @param edgeHealth      every change in the geo-DNS's view of an edge, in order
 */
public record ScenarioReport(String scenario, String description, long seed, double seconds, List<String> events,
                             List<Region> regions, List<Edge> edges, Map<String, Long> originRequests,
                             List<Sample> timeline, long userResponses, long userUnreachable, long edgeRequests,
                             boolean consistent, String healthChecks, List<HealthChange> replicaHealth,
                             String dnsChecks, List<EdgeHealthChange> edgeHealth) {

  /** Whether the users' and the edges' counts agree, as {@code consistent} says. */
  static boolean agree(long userResponses, long userUnreachable, long edgeRequests) {
    return edgeRequests >= userResponses && edgeRequests - userResponses <= userUnreachable;
  }

  /**
   * Users of one region; latencies in ms; {@code rerouteSeconds} is null unless the region's edge was stopped;
   * {@code ttfbCdf} holds {@code [ms, share at or below]} points.
   */
  public record Region(String id, long requests, long errors, long unreachable, long hits, double ttfbP50,
                       double ttfbP95, double ttfbP99, double hitP50, double missP50, double directP50, double directP99,
                       Double rerouteSeconds, double[][] ttfbCdf) {}

  /** One edge's own counters over the whole run. */
  public record Edge(String id, long requests, long hits, double hitRatio, double byteHitRatio, long originRequests) {}

  /**
   * An edge's balancer changed its view of an origin replica to {@code state} ({@code HealthState}'s name),
   * {@code second}s into the run; {@code afterEvent} is the seconds since the scenario last stopped or started
   * that replica, or null when it did neither.
   */
  public record HealthChange(double second, String edge, String pool, String replica, String state,
                             Double afterEvent) {}

  /**
   * The geo-DNS changed its view of an edge to {@code state} (UP: its answers name the edge, DOWN: they leave it
   * out), {@code second}s into the run; {@code afterEvent} is the seconds since the scenario last stopped or started
   * that edge, or null when it did neither.
   */
  public record EdgeHealthChange(double second, String edge, String state, Double afterEvent) {}

  /** One second of the run: per edge, requests in that second and the hit ratio among them (NaN: none). */
  public record Sample(double second, Map<String, Long> requests, Map<String, Double> hitRatio) {}

  /** The report as Markdown, with the charts' files linked. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Scenario `").append(scenario).append("`\n\n").append(description).append(".\n\n");
    md.append(String.format(Locale.ROOT, "Seed %d, %.0f s.%n%n", seed, seconds));
    if (!events.isEmpty()) {
      md.append("Events:\n\n");
      events.forEach(e -> md.append("- ").append(e).append('\n'));
      md.append('\n');
    }
    md.append("## Users, by region\n\n| region | requests | errors | of which unreachable | hits | TTFB p50 / p95 / p99 ms"
        + " | hit p50 ms | miss p50 ms | no CDN p50 / p99 ms | reroute s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Region r : regions) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f / %.1f / %.1f | %.1f | %.1f | %.1f / %.1f | %s |%n",
          r.id(), r.requests(), r.errors(), r.unreachable(), r.hits(), r.ttfbP50(), r.ttfbP95(), r.ttfbP99(), r.hitP50(),
          r.missP50(), r.directP50(), r.directP99(), seconds(r.rerouteSeconds())));
    }
    md.append("\n## Edges, from their own counters\n\n| edge | requests | hits | hit ratio | byte hit ratio | origin requests |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (Edge e : edges) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %d |%n", e.id(), e.requests(), e.hits(),
          e.hitRatio(), e.byteHitRatio(), e.originRequests()));
    }
    md.append("\n## Edges, as the geo-DNS saw them\n\n").append(dnsChecks).append(".\n\n");
    if (edgeHealth.isEmpty()) {
      md.append("The geo-DNS never changed its view of any edge.\n");
    } else {
      md.append("| s | edge | marked | s after the edge stopped / started |\n|---:|---|---|---:|\n");
      for (EdgeHealthChange c : edgeHealth) {
        md.append(String.format(Locale.ROOT, "| %.1f | %s | %s | %s |%n", c.second(), c.edge(), c.state(),
            seconds(c.afterEvent())));
      }
    }
    md.append("\n## Origin replicas, as the edges' balancers saw them\n\n").append(healthChecks).append(".\n\n");
    if (replicaHealth.isEmpty()) {
      md.append("No edge changed its view of any replica.\n");
    } else {
      md.append("| s | edge | pool | replica | marked | s after the replica stopped / started |\n"
          + "|---:|---|---|---|---|---:|\n");
      for (HealthChange c : replicaHealth) {
        md.append(String.format(Locale.ROOT, "| %.1f | %s | %s | %s | %s | %s |%n", c.second(), c.edge(), c.pool(),
            c.replica(), c.state(), seconds(c.afterEvent())));
      }
    }
    md.append("\nOrigin replicas served: ").append(String.join("; ",
        originRequests.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
    md.append(String.format(Locale.ROOT, ".%n%nUsers got %d HTTP responses, and %s; the edges counted %d requests:"
        + " %s.%n%n", userResponses, unanswered(userUnreachable), edgeRequests,
        consistent ? (edgeRequests == userResponses ? "they agree" : "they agree, " + (edgeRequests - userResponses)
            + " cut off when their edge stopped") : "they DISAGREE"));
    md.append("![hit ratio over time](hit-ratio.svg)\n\n![time to first byte](latency-cdf.svg)\n");
    return md.toString();
  }

  /** How many of the users' requests got no HTTP answer at all (refused, reset, timed out), in words. */
  static String unanswered(long requests) {
    if (requests == 0) return "no request went unanswered";
    return requests + (requests == 1 ? " request" : " requests") + " got no answer at all";
  }

  /** Seconds to one decimal, or a dash for none. */
  private static String seconds(Double s) {
    return s == null ? "–" : String.format(Locale.ROOT, "%.1f", s);
  }
}
