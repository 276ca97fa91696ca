package dev.cdnsim.topology.workload;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.ChangeSchedule;
import dev.cdnsim.origin.SizeDistribution;
import java.time.Duration;

/**
 * A traffic model: requests arrive as a Poisson process at {@code requestsPerSecond}, name an
 * object by Zipf popularity, and carry the object's size and current version; every object changes
 * once per {@code changeInterval}, each at its own phase.
 *
 * <p>Everything but the arrival and popularity draws is a pure function of the catalog: sizes come
 * from the origin's own {@link SizeDistribution} with the catalog seed, so the live topology and
 * the simulator see the same bytes. The same generator seed gives the same request sequence.
 *
 * @param objects number of objects, numbered {@code 1..objects} by popularity rank
 * @param alpha Zipf exponent, at least 0 (0 is uniform)
 * @param sizes object sizes, as the origin's catalog defines them
 * @param catalogSeed the catalog's seed: decides sizes and change phases
 * @param requestsPerSecond mean arrival rate in virtual time, positive
 * @param changeInterval how often each object changes at the origin; {@link Duration#ZERO} for
 *     never
 */
public record Workload(int objects, double alpha, SizeDistribution sizes, long catalogSeed,
    double requestsPerSecond, Duration changeInterval) {

  public Workload {
    if (objects < 1) {
      throw new IllegalArgumentException("objects must be at least 1: " + objects);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and at least 0: " + alpha);
    }
    requireNonNull(sizes, "sizes");
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive: " + requestsPerSecond);
    }
    requireNonNull(changeInterval, "changeInterval");
    if (changeInterval.isNegative()) {
      throw new IllegalArgumentException("changeInterval must not be negative: " + changeInterval);
    }
  }

  /** A workload over the objects, sizes, seed and change interval of an origin catalog. */
  public static Workload of(CatalogConfig catalog, double alpha, double requestsPerSecond) {
    return new Workload(catalog.objects(), alpha, catalog.sizes(), catalog.seed(),
        requestsPerSecond, catalog.changeInterval());
  }

  /** Returns this workload with objects changing once per {@code interval} (ZERO: never). */
  public Workload withChangeInterval(Duration interval) {
    return new Workload(objects, alpha, sizes, catalogSeed, requestsPerSecond, interval);
  }

  /** Returns a generator of this workload's requests; the same seed gives the same sequence. */
  public RequestGenerator generator(long seed) {
    return new RequestGenerator(this, seed);
  }

  /** Returns the popularity of the objects: rank {@code k} is object {@code k}. */
  public ZipfDistribution popularity() {
    return new ZipfDistribution(objects, alpha);
  }

  /** Returns the size in bytes of {@code object}, the same as the origin's catalog serves. */
  public long sizeOf(int object) {
    return sizes.sizeOf(object, catalogSeed);
  }

  /**
   * Returns how many times {@code object} has changed by virtual time {@code atNanos}: the origin's own
   * {@link ChangeSchedule}, so the simulator and the live origin agree on every version.
   */
  public int versionAt(int object, long atNanos) {
    return (int) Math.min(Integer.MAX_VALUE, new ChangeSchedule(catalogSeed, changeInterval).versionAt(object, atNanos));
  }
}
