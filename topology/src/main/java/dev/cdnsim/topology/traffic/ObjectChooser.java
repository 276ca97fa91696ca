package dev.cdnsim.topology.traffic;

import dev.cdnsim.origin.ContentClass;
import dev.cdnsim.topology.workload.ZipfDistribution;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks the path of a user's next request: a content class by its share of requests, then a Zipf-popular object
 * of it; during a flash crowd a set share of all requests go to one object of the first class.
 */
public final class ObjectChooser {
  private final ZipfDistribution popularity;
  private final List<String> prefixes;
  private final double[] cumulativeShares;
  private volatile FlashCrowd flash;

  /** One object drawing {@code share} (0..1) of all requests. */
  public record FlashCrowd(int object, double share) {
    public FlashCrowd {
      if (object < 1) throw new IllegalArgumentException("object must be >= 1");
      if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("share must be in (0, 1]");
    }
  }

  ObjectChooser(ZipfDistribution popularity, List<ContentClass> classes, List<Double> shares) {
    this.popularity = popularity;
    this.prefixes = classes.stream().map(ContentClass::prefix).toList();
    this.cumulativeShares = new double[shares.size()];
    double sum = 0;
    for (int i = 0; i < shares.size(); i++) cumulativeShares[i] = sum += shares.get(i);
  }

  String next(SplittableRandom random) {
    FlashCrowd crowd = flash;
    if (crowd != null && random.nextDouble() < crowd.share()) return prefixes.get(0) + crowd.object();
    return prefixOf(random) + popularity.sample(random);
  }

  private String prefixOf(SplittableRandom random) {
    if (prefixes.size() == 1) return prefixes.get(0); // no draw: one class keeps the plain Zipf sequence
    double r = random.nextDouble() * cumulativeShares[cumulativeShares.length - 1];
    for (int i = 0; i < cumulativeShares.length - 1; i++) if (r < cumulativeShares[i]) return prefixes.get(i);
    return prefixes.get(prefixes.size() - 1);
  }

  /** Starts a flash crowd, or ends it with {@code null}. */
  public void flashCrowd(FlashCrowd crowd) {
    flash = crowd;
  }
}
