package dev.cdnsim.topology.simulate;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.topology.workload.Workload;
import dev.cdnsim.topology.workload.ZipfDistribution;

/**
 * Che's approximation of an LRU cache under the independent reference model (H. Che, Y. Tung and
 * Z. Wang, IEEE JSAC 2002), with object sizes weighting the occupancy: object {@code i}, requested with
 * probability {@code p_i}, is held with probability {@code 1 - exp(-p_i T)}, where the
 * characteristic time {@code T} solves {@code sum_i s_i (1 - exp(-p_i T)) = capacity}.
 */
public final class CheApproximation {
  private static final int MAX_ITERATIONS = 200;

  private final double[] probabilities;
  private final double[] sizes;

  /** Creates the model of object {@code i} requested with {@code probabilities[i]}, of {@code sizes[i]} units. */
  CheApproximation(double[] probabilities, double[] sizes) {
    this.probabilities = requireNonNull(probabilities, "probabilities");
    this.sizes = requireNonNull(sizes, "sizes");
    if (probabilities.length != sizes.length) {
      throw new IllegalArgumentException("one size per probability");
    }
  }

  /** The model of {@code workload}'s catalog, with its object sizes or with every size 1. */
  public static CheApproximation of(Workload workload, boolean unitSizes) {
    ZipfDistribution popularity = workload.popularity();
    double[] probabilities = new double[workload.objects()];
    double[] sizes = new double[workload.objects()];
    for (int object = 1; object <= workload.objects(); object++) {
      probabilities[object - 1] = popularity.probability(object);
      sizes[object - 1] = unitSizes ? 1 : Trace.cacheableSize(workload.sizeOf(object));
    }
    return new CheApproximation(probabilities, sizes);
  }

  /** Estimates the hit ratio and byte hit ratio of an LRU cache holding {@code capacity} units. */
  public Estimate estimate(long capacity) {
    double time = characteristicTime(capacity);
    double hits = 0;
    double hitBytes = 0;
    double bytes = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      double held = Double.isInfinite(time) ? 1 : -Math.expm1(-p * time);
      hits += p * held;
      hitBytes += p * sizes[i] * held;
      bytes += p * sizes[i];
    }
    return new Estimate(capacity, hits, bytes == 0 ? 0 : hitBytes / bytes, time);
  }

  /**
   * Solves {@code f(T) = sum s_i (1 - exp(-p_i T)) = capacity} by Newton's method from
   * {@code capacity / sum(s_i p_i)}: f is increasing and concave with f(0) = 0, so that start lies
   * left of the root and the iterates rise monotonically to it.
   */
  private double characteristicTime(long capacity) {
    double total = 0;
    double slope = 0;
    for (int i = 0; i < sizes.length; i++) {
      total += sizes[i];
      slope += sizes[i] * probabilities[i];
    }
    if (capacity >= total) {
      return Double.POSITIVE_INFINITY;
    }
    double time = capacity / slope;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double held = 0;
      double derivative = 0;
      for (int i = 0; i < sizes.length; i++) {
        double p = probabilities[i];
        double stay = Math.exp(-p * time);
        held += sizes[i] * (1 - stay);
        derivative += sizes[i] * p * stay;
      }
      double step = (capacity - held) / derivative;
      time += step;
      if (Math.abs(step) <= 1e-12 * time) {
        break;
      }
    }
    return time;
  }

  /**
   * Che's estimate for one capacity.
   *
   * @param capacity the cache's capacity, in the sizes' units
   * @param hitRatio estimated hits per request
   * @param byteHitRatio estimated bytes hit per byte requested
   * @param characteristicTime the time, in requests, an object stays after its last request
   */
  public record Estimate(long capacity, double hitRatio, double byteHitRatio, double characteristicTime) {}
}
