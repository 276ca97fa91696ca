package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.FreshnessTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The miss-heavy workload replayed in memory (seeded, no sockets), scaled down five times to stay
 * quick: Zipf α 0.9 over 20 000 objects of 10 KiB into a 12.8 MiB cache (the same share of the catalog as
 * 64 MiB of 100 000). W-TinyLFU must come near the hit ratio of keeping the most popular objects that fit
 * and clearly beat LRU. At full scale (2026-11-26: 100 000 objects, 64 MiB, the 5,781 most popular objects that
 * fit give 0.647, bodies alone 0.660) it measured 0.630 after 100 000 requests of warm-up and 0.637 after 1 M
 * (0.617 and 0.621 with the frequency sketch Caffeine sizes itself, see {@link CaffeineStore}); LRU 0.533.
 * Scaled down: 0.604 against 0.619 (0.592 with Caffeine's own sketch).
 */
class HitRatioTest {
  static final int OBJECTS = 20_000;
  static final long CACHE_BYTES = (64L << 20) / 5;
  static final ByteBuffer BODY = ByteBuffer.wrap(new byte[10 * 1024]); // shared: only the weight matters here
  static final HeaderList HEADERS = HeaderList.of("content-type", "application/octet-stream", "cache-control",
      "public, max-age=3600", "etag", "\"5f1e-2800\"", "last-modified", "Wed, 25 Nov 2026 15:00:00 GMT",
      "date", "Wed, 25 Nov 2026 16:00:00 GMT", "accept-ranges", "bytes", "server", "nginx/1.22.1");

  /** Cumulative Zipf(α) probabilities of ranks 1..n. */
  static double[] zipf(int n, double alpha) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) cdf[k - 1] = sum += 1 / Math.pow(k, alpha);
    for (int k = 0; k < n; k++) cdf[k] /= sum;
    return cdf;
  }

  static int draw(double[] cdf, SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
  }

  /** Hit ratio over {@code measured} requests after {@code warmup} requests. */
  static double hitRatio(EvictionPolicy policy, double[] cdf, int warmup, int measured) {
    return hitRatio(new ResponseCache(CACHE_BYTES, policy, Runnable::run), cdf, warmup, measured);
  }

  /** Hit ratio of {@code cache} over {@code measured} requests after {@code warmup} requests. */
  static double hitRatio(ResponseCache cache, double[] cdf, int warmup, int measured) {
    HeaderMap request = new HeaderMap();
    CachedResponse object = CachedResponse.of(200, HEADERS, BODY, Map.of(), T0, T0, Duration.ofDays(1));
    CacheKey[] keys = new CacheKey[cdf.length];
    for (int k = 0; k < keys.length; k++) keys[k] = new CacheKey("http", "127.0.0.1:9001", "/z/" + (k + 1));
    SplittableRandom random = new SplittableRandom(42);
    int hits = 0;
    for (int i = 0; i < warmup + measured; i++) {
      CacheKey key = keys[draw(cdf, random)];
      if (cache.lookup(key, request).response().isPresent()) {
        if (i >= warmup) hits++;
      } else {
        cache.store(key, object); // one instance for every key: only its weight matters to eviction
      }
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(CACHE_BYTES);
    return (double) hits / measured;
  }

  /** What one more object adds to the cache's weighed size once its common fields are shared. */
  static long entryWeight() {
    ResponseCache cache = new ResponseCache(CACHE_BYTES, EvictionPolicy.TINY_LFU, Runnable::run);
    CachedResponse object = CachedResponse.of(200, HEADERS, BODY, Map.of(), T0, T0, Duration.ofDays(1));
    cache.store(new CacheKey("http", "127.0.0.1:9001", "/z/1"), object);
    cache.store(new CacheKey("http", "127.0.0.1:9001", "/z/2"), object);
    long two = cache.weightedSize();
    cache.store(new CacheKey("http", "127.0.0.1:9001", "/z/3"), object);
    return cache.weightedSize() - two;
  }

  @Test
  void tinyLfuComesNearKeepingTheMostPopularAndBeatsLru() {
    double[] cdf = zipf(OBJECTS, 0.9);
    double ideal = cdf[(int) (CACHE_BYTES / entryWeight()) - 1];

    double tinyLfu = hitRatio(EvictionPolicy.TINY_LFU, cdf, 100_000, 100_000);
    double lru = hitRatio(EvictionPolicy.LRU, cdf, 100_000, 100_000);

    // The weight counts the heap an entry takes (about 1.3 KB besides the body once its common fields are
    // shared), so fewer 10 KiB objects fit than 12.8 MiB / 10 KiB: 0.619 here, 0.633 for bodies alone.
    assertThat(ideal).isBetween(0.61, 0.63);
    assertThat(tinyLfu).isGreaterThanOrEqualTo(ideal - 0.02).isGreaterThan(lru + 0.05);
  }

  /**
   * A cache purged of everything is as good as a new one. Emptied key by key instead (by prefix), W-TinyLFU keeps its
   * frequency sketch and the window size it climbed to: after these 200,000 requests for other objects (Zipf α 1.1)
   * the measured requests ran 0.0075 to 0.0125 below a new cache's (three seeds), and at full scale after 500,000
   * requests up to 0.008. A new cache's own spread here is 0.0016 (Caffeine admits at random now and then).
   */
  @Test
  void aCachePurgedOfEverythingDoesAsWellAsANewOne() {
    double[] cdf = zipf(OBJECTS, 0.9);
    ResponseCache used = new ResponseCache(CACHE_BYTES, EvictionPolicy.TINY_LFU, Runnable::run);
    double[] other = zipf(OBJECTS * 5, 1.1);
    SplittableRandom random = new SplittableRandom(0);
    CachedResponse object = CachedResponse.of(200, HEADERS, BODY, Map.of(), T0, T0, Duration.ofDays(1));
    for (int i = 0; i < 200_000; i++) {
      CacheKey key = new CacheKey("http", "other.test", "/o/" + draw(other, random));
      if (used.lookup(key, new HeaderMap()).response().isEmpty()) used.store(key, object);
    }

    used.purgeAll(false, T0);

    double fresh = hitRatio(EvictionPolicy.TINY_LFU, cdf, 50_000, 50_000);
    assertThat(hitRatio(used, cdf, 50_000, 50_000)).isCloseTo(fresh, org.assertj.core.data.Offset.offset(0.004));
  }
}
