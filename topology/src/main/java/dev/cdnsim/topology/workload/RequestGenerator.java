package dev.cdnsim.topology.workload;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * An endless, repeatable sequence of the requests of one {@link Workload}: the same workload and
 * seed always give the same requests. Not thread-safe; give each driver thread its own generator
 * (with its own seed).
 */
public final class RequestGenerator {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Workload workload;
  private final ZipfDistribution popularity;
  private final SplittableRandom random;
  private double seconds;

  RequestGenerator(Workload workload, long seed) {
    this.workload = requireNonNull(workload, "workload");
    this.popularity = workload.popularity();
    this.random = new SplittableRandom(seed);
  }

  /** Returns the next request; its virtual time is never before the previous one's. */
  public Request next() {
    // Exponential inter-arrival gaps make arrivals a Poisson process; 1 - u lies in (0, 1].
    seconds += -Math.log(1.0 - random.nextDouble()) / workload.requestsPerSecond();
    long atNanos = (long) (seconds * NANOS_PER_SECOND);
    int object = popularity.sample(random);
    return new Request(atNanos, object, workload.versionAt(object, atNanos), workload.sizeOf(object));
  }

  @Override
  public String toString() {
    return "RequestGenerator(" + workload + ")";
  }
}
