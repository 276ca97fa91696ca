package dev.cdnsim.topology.traffic;

import dev.cdnsim.topology.workload.ZipfDistribution;
import java.util.SplittableRandom;

/**
 * Picks the object of a user's next request: Zipf-popular normally; during a flash crowd a set share of all
 * requests go to one object.
 */
public final class ObjectChooser {
  private final ZipfDistribution popularity;
  private volatile FlashCrowd flash;

  /** One object drawing {@code share} (0..1) of all requests. */
  public record FlashCrowd(int object, double share) {
    public FlashCrowd {
      if (object < 1) throw new IllegalArgumentException("object must be >= 1");
      if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("share must be in (0, 1]");
    }
  }

  ObjectChooser(ZipfDistribution popularity) {
    this.popularity = popularity;
  }

  int next(SplittableRandom random) {
    FlashCrowd crowd = flash;
    if (crowd != null && random.nextDouble() < crowd.share()) return crowd.object();
    return popularity.sample(random);
  }

  /** Starts a flash crowd, or ends it with {@code null}. */
  public void flashCrowd(FlashCrowd crowd) {
    flash = crowd;
  }
}
