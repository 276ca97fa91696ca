package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The Prometheus metrics of one geo-DNS server, in a registry of its own (never the client's global
 * default registry, since one JVM may run several servers). Every metric is a callback over the
 * counters and health the server already keeps, so answering a query costs nothing extra and a
 * scrape agrees with {@code /stats}.
 */
final class DnsMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<GeoDnsStats> stats;

  /**
   * Registers the server's metrics.
   *
   * @param zone the zone served, exposed as {@code cdnsim_dns_info{zone="cdn.test."} 1}
   * @param edges the edges answered with; a dual-stack edge (two sites, one id) counts once
   * @param stats the counters, read at each scrape
   * @param healthy whether an edge passes its health checks now
   * @param overCapacity whether an edge last reported itself over capacity
   */
  DnsMetrics(String zone, List<EdgeSite> edges, Supplier<GeoDnsStats> stats,
             Predicate<EdgeSite> healthy, Predicate<EdgeSite> overCapacity) {
    requireNonNull(zone, "zone");
    requireNonNull(healthy, "healthy");
    requireNonNull(overCapacity, "overCapacity");
    this.stats = requireNonNull(stats, "stats");
    Map<String, EdgeSite> byId = new LinkedHashMap<>();
    for (EdgeSite edge : edges) {
      byId.putIfAbsent(edge.id(), edge);
    }
    Info.builder().name("cdnsim_dns_info").help("Identity of this geo-DNS server; always 1.")
        .labelNames("zone").register(registry).setLabelValues(zone);
    byKey("cdnsim_dns_queries_total", "Queries answered, by question type (unreadable questions "
        + "are counted only in cdnsim_dns_responses_total).", "type", GeoDnsStats::byType);
    byKey("cdnsim_dns_responses_total", "Responses sent, by rcode.", "rcode", GeoDnsStats::byRcode);
    byKey("cdnsim_dns_geo_answers_total", "Geo answers, by where the client was placed.",
        "location", GeoDnsStats::byLocation);
    byKey("cdnsim_dns_edge_answers_total", "Geo answers, by the edge answered first.", "edge",
        GeoDnsStats::answersByEdge);
    counter("cdnsim_dns_fail_open_answers_total",
        "Geo answers given with no healthy edge (the nearest were answered anyway).",
        GeoDnsStats::failedOpen);
    counter("cdnsim_dns_dropped_packets_total",
        "Packets not answered: shorter than a header, or a response rather than a query.",
        GeoDnsStats::dropped);
    counter("cdnsim_dns_truncated_responses_total",
        "UDP responses sent with TC because they did not fit the client's payload size.",
        GeoDnsStats::truncated);
    CounterWithCallback.builder().name("cdnsim_dns_tcp_connections_total")
        .help("TCP connections, accepted or closed at once because too many were open.")
        .labelNames("result")
        .callback(c -> {
          GeoDnsStats s = stats.get();
          c.call(s.tcpConnections(), "accepted");
          c.call(s.tcpRejected(), "rejected");
        })
        .register(registry);
    perEdge("cdnsim_dns_edge_up", "1 while the edge passes its health checks (or has none), else 0.",
        byId, healthy);
    perEdge("cdnsim_dns_edge_over_capacity",
        "1 while the edge's last probe said it is over capacity, else 0.", byId, overCapacity);
  }

  private void byKey(String name, String help, String label,
                     Function<GeoDnsStats, Map<String, Long>> values) {
    CounterWithCallback.builder().name(name).help(help).labelNames(label)
        .callback(c -> values.apply(stats.get()).forEach((key, n) -> c.call(n, key)))
        .register(registry);
  }

  private void counter(String name, String help, ToLongFunction<GeoDnsStats> value) {
    CounterWithCallback.builder().name(name).help(help)
        .callback(c -> c.call(value.applyAsLong(stats.get())))
        .register(registry);
  }

  private void perEdge(String name, String help, Map<String, EdgeSite> edges,
                       Predicate<EdgeSite> state) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("edge")
        .callback(c -> edges.forEach((id, edge) -> c.call(state.test(edge) ? 1 : 0, id)))
        .register(registry);
  }

  /** The registry a scrape reads. */
  PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public String toString() {
    return "DnsMetrics" + registry.scrape().stream()
        .map(s -> s.getMetadata().getPrometheusName()).toList();
  }
}
