package dev.cdnsim.edge.observe;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.HealthState;
import dev.cdnsim.edge.balance.Pool;
import dev.cdnsim.edge.balance.PoolStats;
import dev.cdnsim.edge.balance.ReplicaStats;
import dev.cdnsim.edge.cache.ResponseCache;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus metrics of one edge, in a registry of its own (never the client's global default registry,
 * since one JVM may run many edges). Every metric is a callback over counters the edge already keeps
 * ({@link EdgeCounters}, the cache's size, each pool's {@link PoolStats}), so the request path pays nothing
 * for it and a scrape agrees with {@code /_edge/stats}.
 */
public final class EdgeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<List<Pool>> pools;

  /**
   * Registers the edge's metrics.
   *
   * @param id the edge's id, exposed as {@code cdnsim_edge_info{edge="..."} 1}
   * @param pools the balancer's pools, read at each scrape
   * @param collapsedWaiting requests waiting for another request's fill of the same key, read at each scrape
   * @param accessLogDropped access log lines dropped so far ({@link AccessLog#dropped()}; 0 without a log)
   */
  public EdgeMetrics(String id, EdgeCounters counters, ResponseCache cache, Supplier<List<Pool>> pools,
      IntSupplier collapsedWaiting, LongSupplier accessLogDropped) {
    requireNonNull(id, "id");
    requireNonNull(counters, "counters");
    requireNonNull(cache, "cache");
    requireNonNull(accessLogDropped, "accessLogDropped");
    this.pools = requireNonNull(pools, "pools");
    Info.builder().name("cdnsim_edge_info").help("Identity of this edge; always 1.").labelNames("edge")
        .register(registry).setLabelValues(id);
    CounterWithCallback.builder().name("cdnsim_edge_requests_total")
        .help("Proxied requests answered, by how the cache answered them (the X-Cache header, lower-cased).")
        .labelNames("cache")
        .callback(c -> {
          for (CacheStatus s : CacheStatus.values()) c.call(counters.count(s), s.name().toLowerCase(Locale.ROOT));
        })
        .register(registry);
    counter("cdnsim_edge_response_bytes_total", "Body bytes sent to clients.", () -> counters.snapshot().bytesServed());
    counter("cdnsim_edge_origin_requests_total", "Requests sent to origin replicas (fetches, revalidations, passes).",
        () -> counters.snapshot().originRequests());
    counter("cdnsim_edge_origin_response_bytes_total", "Body bytes received from origin replicas.",
        () -> counters.snapshot().originBytes());
    gauge("cdnsim_edge_requests_in_flight", "Requests received and not yet answered, admin routes included.",
        counters::inFlight);
    gauge("cdnsim_edge_tunnels_open", "Client connections that switched protocols (WebSockets), joined to a replica's.",
        counters::tunnels);
    gauge("cdnsim_edge_cache_size_bytes", "Bytes held by the cache, as its weigher counts them.", cache::weightedSize);
    gauge("cdnsim_edge_cache_entries", "Primary keys held by the cache (approximate).", cache::size);
    gauge("cdnsim_edge_collapsed_waiting", "Requests waiting for another request's fill of the same key.",
        collapsedWaiting::getAsInt);
    gauge("cdnsim_edge_cache_shared_fields", "Header fields stored once and shared by the entries that carry them.",
        cache::sharedFieldCount);
    gauge("cdnsim_edge_body_page_bytes", "Bytes of direct-memory pages holding large bodies (stored, or still being "
        + "sent after eviction).", () -> cache.bodies().pageBytes());
    gauge("cdnsim_edge_body_page_slab_bytes", "Direct memory taken for body pages so far (kept for reuse, never "
        + "given back).", () -> cache.bodies().pageSlabBytes());
    gauge("cdnsim_edge_body_files", "Large bodies held in files (stored, or still being sent after eviction).",
        () -> cache.bodies().openFiles());
    gauge("cdnsim_edge_body_file_bytes", "Bytes of the bodies held in files.", () -> cache.bodies().fileBytes());
    counter("cdnsim_edge_access_log_dropped_total",
        "Access log lines dropped: the writer far behind, or writes failing.", accessLogDropped);
    registerPools();
  }

  private void registerPools() {
    perPool("cdnsim_edge_pool_retries_total", "Retries granted by the pool's retry budget.", PoolStats::retries);
    perPool("cdnsim_edge_pool_retries_denied_total", "Retries refused because the retry budget was spent.",
        PoolStats::retriesDenied);
    perPool("cdnsim_edge_pool_panics_total", "Selections made in panic mode (no eligible replica, all tried anyway).",
        PoolStats::panics);
    perPool("cdnsim_edge_pool_unavailable_total", "Selections that found no replica (answered 502).",
        PoolStats::unavailable);
    perReplicaCounter("cdnsim_edge_upstream_requests_total", "Attempts sent to the replica (first tries and retries).",
        ReplicaStats::requests);
    perReplicaCounter("cdnsim_edge_upstream_failures_total", "Attempts that failed (connect, timeout, 502/503/504).",
        ReplicaStats::failures);
    perReplicaCounter("cdnsim_edge_upstream_ejections_total", "Times passive health checks took the replica out.",
        ReplicaStats::ejections);
    perReplicaCounter("cdnsim_edge_upstream_health_changes_total",
        "Health transitions: active down/up and passive ejections.", ReplicaStats::healthChanges);
    GaugeWithCallback.builder().name("cdnsim_edge_upstream_active_requests")
        .help("Requests in flight to the replica now.").labelNames("pool", "replica")
        .callback(c -> eachReplica((pool, r) -> c.call(r.active(), pool, r.id())))
        .register(registry);
    GaugeWithCallback.builder().name("cdnsim_edge_upstream_up")
        .help("1 while the replica may be chosen (up or slow start), 0 while ejected or down.")
        .labelNames("pool", "replica")
        .callback(c -> eachReplica((pool, r) -> c.call(r.state().eligible() ? 1 : 0, pool, r.id())))
        .register(registry);
    GaugeWithCallback.builder().name("cdnsim_edge_upstream_state")
        .help("The replica's health state: 1 for the current state, 0 for the others.")
        .labelNames("pool", "replica", "state")
        .callback(c -> eachReplica((pool, r) -> {
          for (HealthState s : HealthState.values()) {
            c.call(s == r.state() ? 1 : 0, pool, r.id(), s.name().toLowerCase(Locale.ROOT));
          }
        }))
        .register(registry);
  }

  private void counter(String name, String help, LongSupplier value) {
    CounterWithCallback.Builder b = CounterWithCallback.builder().name(name).help(help);
    if (isBytes(name)) b.unit(Unit.BYTES);
    b.callback(c -> c.call(value.getAsLong())).register(registry);
  }

  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(name).help(help);
    if (isBytes(name)) b.unit(Unit.BYTES);
    b.callback(c -> c.call(value.getAsLong())).register(registry);
  }

  /** Bytes metrics carry the unit, so OpenMetrics scrapers see {@code # UNIT ... bytes}. */
  private static boolean isBytes(String name) {
    return name.endsWith("_bytes") || name.endsWith("_bytes_total");
  }

  private void perPool(String name, String help, ToDoubleFunction<PoolStats> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("pool")
        .callback(c -> {
          for (Pool p : pools.get()) {
            PoolStats s = p.stats();
            c.call(value.applyAsDouble(s), s.name());
          }
        })
        .register(registry);
  }

  private void perReplicaCounter(String name, String help, ToDoubleFunction<ReplicaStats> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("pool", "replica")
        .callback(c -> eachReplica((pool, r) -> c.call(value.applyAsDouble(r), pool, r.id())))
        .register(registry);
  }

  private void eachReplica(BiConsumer<String, ReplicaStats> action) {
    for (Pool p : pools.get()) {
      PoolStats s = p.stats();
      for (ReplicaStats r : s.replicas()) action.accept(s.name(), r);
    }
  }

  /** The registry a scrape reads. */
  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public String toString() {
    return "EdgeMetrics" + registry.scrape().stream().map(s -> s.getMetadata().getPrometheusName()).toList();
  }
}
