package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.FreshnessTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The byte-bounded store: weights, variants, eviction policies and purges. */
class ResponseCacheTest {
  static CachedResponse response(int bodyBytes, Map<String, String> vary, String... headers) {
    return CachedResponse.of(200, HeaderList.of(headers), ByteBuffer.wrap(new byte[bodyBytes]), vary, T0, T0, Duration.ofDays(1));
  }

  static CacheKey key(String path) {
    return new CacheKey("http", "a.test", path);
  }

  static HeaderMap request(String... headers) {
    HeaderMap m = new HeaderMap();
    for (int i = 0; i + 1 < headers.length; i += 2) m.add(new io.undertow.util.HttpString(headers[i]), headers[i + 1]);
    return m;
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void staysWithinItsByteBoundCountingBodiesAndHeaders(EvictionPolicy policy) {
    ResponseCache cache = new ResponseCache(100_000, policy, Runnable::run);
    for (int i = 0; i < 1000; i++) cache.store(key("/" + i), response(1000, Map.of(), "Cache-Control", "max-age=60"));

    assertThat(cache.weightedSize()).isLessThanOrEqualTo(100_000).isGreaterThan(50_000);
    assertThat(cache.size()).isLessThan(100);
  }

  @Test
  void aNewCacheIsEmptyOnceItsFrequencySketchIsSized() {
    ResponseCache cache = new ResponseCache(64L << 20, EvictionPolicy.TINY_LFU, java.util.concurrent.ForkJoinPool.commonPool());

    assertThat(cache.size()).isZero();
    assertThat(cache.weightedSize()).isZero();
    cache.store(key("/a"), response(1000, Map.of(), "Cache-Control", "max-age=60"));
    assertThat(cache.lookup(key("/a"), request()).response()).isPresent();
  }

  @Test
  void weightCountsBodyHeadersAndOverhead() {
    CachedResponse r = response(1000, Map.of(), "Cache-Control", "max-age=60", "X-Own", "v");

    assertThat(r.weight()).isEqualTo(1000 + CachedResponse.OVERHEAD_BYTES
        + HeaderList.FIELD_OVERHEAD_BYTES + "max-age=60".length() // a shared name constant
        + HeaderList.FIELD_OVERHEAD_BYTES + "v".length() + HeaderList.NAME_OVERHEAD_BYTES + 2 * "X-Own".length());
  }

  @Test
  void storedFieldsShareUndertowsNameConstants() {
    CachedResponse r = response(1, Map.of(), "content-type", "text/plain", "X-Own", "v");

    assertThat(r.headers().fields().get(0).name()).isSameAs(io.undertow.util.Headers.CONTENT_TYPE);
    assertThat(r.headers().fields().get(1).name().toString()).isEqualTo("X-Own");
  }

  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    int each = response(1000, Map.of()).weight();
    ResponseCache cache = new ResponseCache(3L * (each + 16), EvictionPolicy.LRU, Runnable::run); // keys and table: < 16 each
    cache.store(new CacheKey("h", "", "a"), response(1000, Map.of()));
    cache.store(new CacheKey("h", "", "b"), response(1000, Map.of()));
    cache.store(new CacheKey("h", "", "c"), response(1000, Map.of()));
    cache.lookup(new CacheKey("h", "", "a"), request());

    cache.store(new CacheKey("h", "", "d"), response(1000, Map.of()));

    assertThat(cache.lookup(new CacheKey("h", "", "a"), request()).response()).isPresent();
    assertThat(cache.lookup(new CacheKey("h", "", "b"), request()).response()).isEmpty();
  }

  @Test
  void variantsOfOneUrlCoexistAndAreChosenByRequestHeaders() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/v"), response(1, Map.of("accept-encoding", "gzip"), "Vary", "Accept-Encoding", "X-V", "gzip"));
    cache.store(key("/v"), response(2, Map.of("accept-encoding", "br"), "Vary", "Accept-Encoding", "X-V", "br"));

    Lookup gzip = cache.lookup(key("/v"), request("Accept-Encoding", "gzip"));
    Lookup none = cache.lookup(key("/v"), request());

    assertThat(gzip.response()).get().extracting(r -> r.headers().first("X-V").orElseThrow()).isEqualTo("gzip");
    assertThat(none.response()).isEmpty();
    assertThat(none.primaryFound()).isTrue();
  }

  @Test
  void storingTheSameVariantReplacesIt() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/r"), response(1, Map.of(), "X-V", "1"));
    cache.store(key("/r"), response(1, Map.of(), "X-V", "2"));

    assertThat(cache.variants(key("/r")).orElseThrow().responses()).hasSize(1);
    assertThat(cache.lookup(key("/r"), request()).response().orElseThrow().headers().first("X-V")).hasValue("2");
  }

  @Test
  void softPurgeKeepsTheEntryButMakesItStale() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/s"), response(1, Map.of(), "Cache-Control", "max-age=600"));

    assertThat(cache.purge(key("/s"), true, T0.plusSeconds(1))).isEqualTo(1);

    CachedResponse kept = cache.lookup(key("/s"), request()).response().orElseThrow();
    assertThat(kept.freshness().isFresh(T0.plusSeconds(1))).isFalse();
  }

  @Test
  void purgeByPrefixAndByTag() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/img/1"), response(1, Map.of(), "Cache-Tag", "img, all"));
    cache.store(key("/img/2"), response(1, Map.of(), "Surrogate-Key", "img all"));
    cache.store(key("/css/1"), response(1, Map.of(), "Surrogate-Key", "all"));

    assertThat(cache.purgeTag("img", false, T0)).isEqualTo(2);
    assertThat(cache.purgePrefix("http://a.test/css/", false, T0)).isEqualTo(1);
    assertThat(cache.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void aHardPurgeOfEverythingEmptiesTheCacheAndItFillsAgain(EvictionPolicy policy) {
    ResponseCache cache = new ResponseCache(1 << 20, policy, Runnable::run);
    cache.store(key("/a"), response(100, Map.of(), "Cache-Control", "max-age=600"));
    cache.store(new CacheKey("http", "b.test", "/a"), response(100, Map.of(), "Cache-Control", "max-age=600"));
    cache.store(key("/v"), response(100, Map.of("accept-encoding", "gzip")));
    cache.store(key("/v"), response(100, Map.of("accept-encoding", "br")));

    assertThat(cache.purgeAll(false, T0)).as("responses, every variant").isEqualTo(4);

    assertThat(cache.size()).isZero();
    assertThat(cache.weightedSize()).as("the table of shared fields alone").isLessThan(200);
    assertThat(cache.lookup(key("/a"), request()).response()).isEmpty();
    cache.store(key("/a"), response(100, Map.of(), "Cache-Control", "max-age=600"));
    assertThat(cache.lookup(key("/a"), request()).response()).isPresent();
  }

  @Test
  void hitBodiesShareTheStoredBytes() {
    CachedResponse r = response(10, Map.of());
    ByteBuffer a = ((MemoryBody) r.body()).view();
    a.position(5);

    assertThat(((MemoryBody) r.body()).view().position()).isZero();
    assertThat(((MemoryBody) r.body()).view().isReadOnly()).isTrue();
  }
}
