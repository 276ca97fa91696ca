package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.ResponseCacheTest.key;
import static dev.cdnsim.edge.cache.ResponseCacheTest.request;
import static dev.cdnsim.edge.cache.ResponseCacheTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Header fields that many entries carry alike are stored once: which are, and what the cache counts for them. */
class SharedFieldsTest {
  static final String[] NGINX_FIELDS = {"Server", "nginx/1.22.1", "Content-Type", "application/octet-stream",
      "Cache-Control", "public, max-age=3600", "Date", "Wed, 25 Nov 2026 16:00:00 GMT",
      "Last-Modified", "Wed, 25 Nov 2026 15:00:00 GMT", "ETag", "\"5f1e-2800\"", "X-Object", ""};

  static CachedResponse stored(ResponseCache cache, String path) {
    return cache.lookup(key(path), request()).response().orElseThrow();
  }

  static CachedResponse object(int n) {
    String[] fields = NGINX_FIELDS.clone();
    fields[fields.length - 1] = "object-" + n; // one field of its own
    return response(1000, Map.of(), fields);
  }

  @Test
  void aFieldStoredUnderTwoKeysIsSharedByLaterEntries() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/1"), object(1));
    cache.store(key("/2"), object(2));
    cache.store(key("/3"), object(3));

    HeaderList second = stored(cache, "/2").headers();
    HeaderList third = stored(cache, "/3").headers();
    assertThat(third.fields().get(0)).isSameAs(second.fields().get(0)); // Server
    assertThat(third.fields().get(1)).isSameAs(second.fields().get(1)); // Content-Type
    assertThat(third.fields().get(2)).isSameAs(second.fields().get(2)); // Cache-Control
    assertThat(stored(cache, "/1").headers().fields().get(0)).isNotSameAs(second.fields().get(0)); // stored before
    assertThat(cache.sharedFieldCount()).isEqualTo(3);
  }

  @Test
  void fieldsThatChangeWithTimeOrBelongToOneUrlAreNotShared() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    for (int round = 0; round < 3; round++) {
      for (int n = 0; n < 3; n++) cache.store(key("/" + n), object(n)); // the same object refetched: same key
    }

    HeaderList a = stored(cache, "/1").headers();
    HeaderList b = stored(cache, "/2").headers();
    assertThat(b.first("Date")).isEqualTo(a.first("Date"));
    for (int i = 3; i <= 5; i++) { // Date, Last-Modified, ETag: alike here, but they drift, and are never shared
      assertThat(b.fields().get(i)).isEqualTo(a.fields().get(i)).isNotSameAs(a.fields().get(i));
    }
    assertThat(cache.sharedFieldCount()).isEqualTo(3); // Server, Content-Type, Cache-Control; not X-Object
  }

  @Test
  void sharedFieldsAreWeighedOnceAndEntriesForTheirReferenceOnly() {
    ResponseCache cache = new ResponseCache(1 << 20, EvictionPolicy.TINY_LFU, Runnable::run);
    cache.store(key("/1"), object(1));
    cache.store(key("/2"), object(2));
    long two = cache.weightedSize();
    cache.store(key("/3"), object(3));

    int own = object(3).weight();
    int sharedFieldsOwnWeight = HeaderList.of(NGINX_FIELDS[0], NGINX_FIELDS[1], NGINX_FIELDS[2], NGINX_FIELDS[3],
        NGINX_FIELDS[4], NGINX_FIELDS[5]).withSharedNames().weight();
    long added = cache.weightedSize() - two;
    assertThat(added).isEqualTo(own - sharedFieldsOwnWeight + 3 * SharedFields.REFERENCE_BYTES + key("/3").weight());
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void anEntrysWeightDoesNotChangeWhileItIsStored(EvictionPolicy policy) {
    // The first two entries hold their own copies of fields that become shared by storing the second: were they
    // weighed anew on removal, the store's running total would drift from what it holds.
    ResponseCache cache = new ResponseCache(1 << 20, policy, Runnable::run);
    for (int n = 0; n < 50; n++) cache.store(key("/" + n), object(n));
    assertThat(cache.sharedFieldCount()).isEqualTo(3);

    for (int n = 0; n < 50; n++) cache.invalidate(key("/" + n));

    assertThat(cache.size()).isZero();
    assertThat(cache.weightedSize()).isEqualTo(sharedTableBytes());
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void storesFromManyThreadsAtOnceLeaveTheCountsExact(EvictionPolicy policy) throws Exception {
    // Eight threads store, replace and evict entries whose fields become shared while they race; afterwards every
    // entry removed must take away exactly what it added, leaving the table alone.
    ResponseCache cache = new ResponseCache(200_000, policy, Runnable::run);
    try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          for (int n = 0; n < 2_000; n++) cache.store(key("/" + (n * 8 + thread) % 500), object(n * 8 + thread));
        }));
      }
      for (var f : done) f.get();
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(200_000);
    assertThat(cache.sharedFieldCount()).isEqualTo(3);

    for (int n = 0; n < 500; n++) cache.invalidate(key("/" + n));

    assertThat(cache.size()).isZero();
    assertThat(cache.weightedSize()).isEqualTo(sharedTableBytes());
  }

  /** The table's bytes for the three nginx fields shared above. */
  static long sharedTableBytes() {
    long bytes = 0;
    for (int i = 0; i < 6; i += 2) {
      bytes += HeaderList.weight(HeaderList.of(NGINX_FIELDS[i], NGINX_FIELDS[i + 1]).withSharedNames().fields().get(0))
          + SharedFields.SLOT_BYTES;
    }
    return bytes;
  }

  @Test
  void theTableStopsTakingFieldsAtItsBudgetAndTheCacheStaysWithinItsBound() {
    SharedFields table = new SharedFields(3 * (SharedFields.SLOT_BYTES + 100));
    for (int n = 0; n < 100; n++) {
      HeaderList fields = HeaderList.of("X-Group", "group-" + (n / 2)); // each value under two keys
      table.share(fields, key("/" + n));
    }
    assertThat(table.size()).isBetween(1, 3);
    assertThat(table.bytes()).isLessThanOrEqualTo(3 * (SharedFields.SLOT_BYTES + 100));

    long bound = 200_000;
    ResponseCache cache = new ResponseCache(bound, EvictionPolicy.TINY_LFU, Runnable::run);
    for (int n = 0; n < 2_000; n++) {
      cache.store(key("/" + n), response(100, Map.of(), "X-Group", "group-" + (n / 2), "Server", "s"));
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(bound);
    assertThat(cache.sharedFieldCount()).isGreaterThan(1);
  }

  @Test
  void contentLengthAndAcceptRangesAreNotStoredBecauseEveryAnswerStatesThemAnew() {
    CachedResponse r = response(10, Map.of(), "Content-Length", "10", "Accept-Ranges", "bytes", "ETag", "\"e\"");

    assertThat(r.headers().fields()).extracting(f -> f.name().toString()).containsExactly("ETag");
  }
}
