package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.LongSupplier;

/**
 * The Prometheus metrics of one origin replica, in a registry of its own (never the client's global
 * default registry, since one JVM may run many replicas). Every metric is a callback that reads a counter the
 * replica already keeps, so serving a request costs nothing extra and a scrape always agrees with
 * {@code /_origin/stats}.
 */
final class OriginMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /**
   * Registers the replica's metrics.
   *
   * @param id the replica's id, exposed as {@code cdnsim_origin_info{replica="..."} 1}
   * @param requests object requests answered so far
   * @param bytes body bytes sent so far
   */
  OriginMetrics(String id, LongSupplier requests, LongSupplier bytes) {
    requireNonNull(id, "id");
    requireNonNull(requests, "requests");
    requireNonNull(bytes, "bytes");
    Info.builder()
        .name("cdnsim_origin_info")
        .help("Identity of this origin replica; always 1.")
        .labelNames("replica")
        .register(registry)
        .setLabelValues(id);
    CounterWithCallback.builder()
        .name("cdnsim_origin_requests_total")
        .help("Object requests answered (200, 206 or 304).")
        .callback(callback -> callback.call(requests.getAsLong()))
        .register(registry);
    CounterWithCallback.builder()
        .name("cdnsim_origin_response_bytes_total")
        .unit(Unit.BYTES)
        .help("Body bytes sent for object requests.")
        .callback(callback -> callback.call(bytes.getAsLong()))
        .register(registry);
  }

  /** The registry a scrape reads. */
  PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public String toString() {
    return "OriginMetrics" + registry.scrape().stream().map(s -> s.getMetadata().getPrometheusName()).toList();
  }
}
