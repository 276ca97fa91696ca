package dev.cdnsim.topology.latency;

import dev.cdnsim.geodns.GeoPoint;
import java.time.Duration;

/**
 * The delay a wide-area hop adds, from the great-circle distance between its ends: light in fibre travels at
 * about 2/3 c (≈ 200 km per millisecond), real routes are longer than the great circle by {@code routeFactor},
 * and every hop pays a fixed {@code overhead} (last mile, queuing, serialisation).
 *
 * @param routeFactor how much longer than the great circle the route is (1.0 … 3.0; 1.5 is a common estimate)
 * @param overhead    fixed one-way cost of a hop
 */
public record WanLatency(double routeFactor, Duration overhead) {
  /** Propagation speed in fibre, km per second (about 2/3 of c). */
  public static final double FIBRE_KM_PER_SECOND = 299_792.458 * 2 / 3;

  public WanLatency {
    if (!(routeFactor >= 1 && routeFactor <= 10)) throw new IllegalArgumentException("routeFactor must be 1..10");
    if (overhead.isNegative()) throw new IllegalArgumentException("overhead must not be negative");
  }

  /** Route factor 1.5 and 1 ms of fixed overhead per one-way hop. */
  public static WanLatency defaults() {
    return new WanLatency(1.5, Duration.ofMillis(1));
  }

  /** One-way delay between {@code a} and {@code b}. */
  public Duration oneWay(GeoPoint a, GeoPoint b) {
    double seconds = a.distanceKm(b) * routeFactor / FIBRE_KM_PER_SECOND;
    return overhead.plusNanos(Math.round(seconds * 1e9));
  }

  /** Round-trip time between {@code a} and {@code b}: a request there and the first byte back. */
  public Duration roundTrip(GeoPoint a, GeoPoint b) {
    return oneWay(a, b).multipliedBy(2);
  }
}
