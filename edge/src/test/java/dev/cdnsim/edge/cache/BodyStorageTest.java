package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.FreshnessTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where bodies live, and that every large body the cache holds (pages or a file) is freed once neither the cache
 * nor a sender holds it.
 */
class BodyStorageTest {
  private static final int LARGE = BodyStorage.LARGE_BODY_BYTES;
  private static final long POOL_LIMIT = 8L << 20;

  @TempDir Path dir;

  /** The two homes of a large body. */
  enum Kind {
    PAGES, FILES;

    BodyStorage storage(Path dir) {
      return new BodyStorage(this == FILES ? Optional.of(dir) : Optional.empty(), new PagePool(POOL_LIMIT));
    }

    /** Bytes held for large bodies: their files' lengths, or whole pages. */
    long held(BodyStorage storage) {
      return this == FILES ? storage.fileBytes() : storage.pageBytes();
    }

    /** What {@link #held} counts for one body of {@code length} bytes. */
    long heldFor(int length) {
      return this == FILES ? length : (long) PagePool.pagesFor(length) * PagePool.PAGE_BYTES;
    }
  }

  static Stream<Arguments> kindsAndPolicies() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of(EvictionPolicy.values()).map(p -> Arguments.of(k, p)));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static CachedResponse response(StoredBody body) {
    return CachedResponse.of(200, HeaderList.of("Cache-Control", "max-age=60"), body, Map.of(), T0, T0,
        Duration.ofDays(1));
  }

  /** Stores a large body under {@code path}, as a fill does: make it, store it, give back the fill's lease. */
  private static StoredBody fill(ResponseCache cache, String path, int size) {
    StoredBody body = cache.bodies().store(bytes(size, path.hashCode()), size);
    cache.store(ResponseCacheTest.key(path), response(body));
    body.release();
    return body;
  }

  private long filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void withoutADirectorySmallBodiesStayOnTheHeapAndLargeOnesGoToPages() {
    BodyStorage storage = BodyStorage.forCache(POOL_LIMIT, Optional.empty());
    byte[] large = bytes(LARGE + 1, 1);

    StoredBody small = storage.store(bytes(LARGE - 1, 2), LARGE - 1);
    StoredBody paged = storage.store(large, large.length);

    assertThat(small).isInstanceOfSatisfying(MemoryBody.class, m -> assertThat(m.view().isDirect()).isFalse());
    assertThat(paged).isInstanceOf(PagedBody.class);
    assertThat(paged.copy()).isEqualTo(ByteBuffer.wrap(large));
    assertThat(paged.weight()).as("whole pages").isEqualTo(5 * PagePool.PAGE_BYTES);
    assertThat(storage.pageBytes()).isEqualTo(5 * PagePool.PAGE_BYTES);
  }

  @Test
  void withADirectoryLargeBodiesGoToUnlinkedFiles() throws IOException {
    BodyStorage storage = Kind.FILES.storage(dir);
    byte[] large = bytes(LARGE + 1, 1);

    StoredBody file = storage.store(large, large.length);

    assertThat(file).isInstanceOf(FileBody.class);
    assertThat(file.copy()).isEqualTo(ByteBuffer.wrap(large));
    assertThat(filesInDir()).as("the file has no name left behind").isZero();
    assertThat(storage.openFiles()).isEqualTo(1);
    assertThat(storage.fileBytes()).isEqualTo(large.length);
    assertThat(storage.pageBytes()).isZero();
  }

  @Test
  void bodiesFromTheSendfileLimitOnGoToPagesEvenWithADirectory() {
    BodyStorage storage = Kind.FILES.storage(dir);
    int size = BodyStorage.SENDFILE_BELOW_BYTES;

    StoredBody below = storage.store(bytes(size - 1, 10), size - 1);
    StoredBody at = storage.store(bytes(size, 11), size);

    assertThat(below).isInstanceOf(FileBody.class);
    assertThat(at).isInstanceOf(PagedBody.class);
    assertThat(at.copy()).isEqualTo(ByteBuffer.wrap(bytes(size, 11)));
  }

  @Test
  void aDirectoryThatCannotTakeFilesFallsBackToPages() {
    BodyStorage storage = BodyStorage.forCache(POOL_LIMIT, Optional.of(dir.resolve("missing")));
    StoredBody body = storage.store(bytes(LARGE, 4), LARGE);

    assertThat(body).isInstanceOf(PagedBody.class);
    assertThat(body.copy()).isEqualTo(ByteBuffer.wrap(bytes(LARGE, 4)));
  }

  @Test
  void aFullPoolSendsLargeBodiesToTheHeapAndFreedPagesAreReused() {
    PagePool pool = new PagePool(PagePool.SLAB_BYTES);
    BodyStorage storage = new BodyStorage(Optional.empty(), pool);

    StoredBody first = storage.store(bytes(PagePool.SLAB_BYTES, 7), PagePool.SLAB_BYTES);
    StoredBody second = storage.store(bytes(LARGE, 8), LARGE);
    first.release();
    StoredBody third = storage.store(bytes(LARGE, 9), LARGE);

    assertThat(first).isInstanceOf(PagedBody.class);
    assertThat(second).as("no room left in the pool").isInstanceOf(MemoryBody.class);
    assertThat(second.copy()).isEqualTo(ByteBuffer.wrap(bytes(LARGE, 8)));
    assertThat(third).isInstanceOf(PagedBody.class);
    assertThat(third.copy()).isEqualTo(ByteBuffer.wrap(bytes(LARGE, 9)));
    assertThat(pool.allocatedBytes()).as("one slab, reused").isEqualTo(PagePool.SLAB_BYTES);
    assertThat(pool.usedBytes()).isEqualTo(LARGE);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theLastLeaseFreesALargeBodyAndNoLeaseCanBeTakenAfter(Kind kind) {
    BodyStorage storage = kind.storage(dir);
    StoredBody body = storage.store(bytes(LARGE, 5), LARGE);

    assertThat(body.retain()).isTrue();
    body.release();
    assertThat(kind.held(storage)).isEqualTo(kind.heldFor(LARGE));
    body.release();

    assertThat(kind.held(storage)).isZero();
    assertThat(storage.openFiles()).isZero();
    assertThat(body.retain()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("kindsAndPolicies")
  void replacingOrPurgingAnEntryFreesItsBodyAndSoftPurgeKeepsIt(Kind kind, EvictionPolicy policy) {
    ResponseCache cache = new ResponseCache(8 << 20, policy, Runnable::run, kind.storage(dir));
    fill(cache, "/a", LARGE);
    fill(cache, "/a", LARGE + 10); // a newer response replaces the first
    assertThat(kind.held(cache.bodies())).isEqualTo(kind.heldFor(LARGE + 10));

    cache.purge(ResponseCacheTest.key("/a"), true, T0);
    assertThat(kind.held(cache.bodies())).as("a soft purge keeps the body for stale-if-error")
        .isEqualTo(kind.heldFor(LARGE + 10));

    cache.purge(ResponseCacheTest.key("/a"), false, T0);
    assertThat(kind.held(cache.bodies())).isZero();
  }

  @ParameterizedTest
  @MethodSource("kindsAndPolicies")
  void purgingEverythingFreesEveryBodyAndASoftPurgeOfEverythingKeepsThem(Kind kind, EvictionPolicy policy) {
    ResponseCache cache = new ResponseCache(8 << 20, policy, Runnable::run, kind.storage(dir));
    for (int i = 0; i < 3; i++) fill(cache, "/" + i, LARGE);

    assertThat(cache.purgeAll(true, T0)).isEqualTo(3);
    assertThat(kind.held(cache.bodies())).isEqualTo(3 * kind.heldFor(LARGE));
    assertThat(cache.purgeAll(false, T0)).isEqualTo(3);

    assertThat(kind.held(cache.bodies())).isZero();
    assertThat(cache.bodies().openFiles()).isZero();
  }

  /**
   * Fills racing purges of everything: an entry that goes into the store a purge has just replaced is taken out
   * again by its writer, so no body is left leased by a store nobody reads.
   */
  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void noBodyOutlivesPurgesOfEverythingThatRaceFills(EvictionPolicy policy) throws Exception {
    ResponseCache cache = new ResponseCache(8 << 20, policy, Runnable::run, Kind.PAGES.storage(dir));
    java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(3);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      done.add(writers.submit(() -> {
        for (int i = 0; i < 400; i++) fill(cache, "/" + writer + "/" + (i % 20), LARGE);
      }));
    }
    for (var d : done) {
      while (!d.isDone()) cache.purgeAll(false, T0);
      d.get();
    }
    writers.shutdown();

    cache.purgeAll(false, T0);

    assertThat(cache.bodies().pageBytes()).isZero();
  }

  @ParameterizedTest
  @MethodSource("kindsAndPolicies")
  void evictionFreesTheBodiesOfWhatLeftSoTheyNeverOutgrowTheCache(Kind kind, EvictionPolicy policy) {
    long max = 4L * (LARGE + 1024);
    ResponseCache cache = new ResponseCache(max, policy, Runnable::run, kind.storage(dir));

    for (int i = 0; i < 50; i++) fill(cache, "/" + i, LARGE);

    assertThat(kind.held(cache.bodies())).isLessThanOrEqualTo(cache.weightedSize()).isLessThanOrEqualTo(max)
        .isGreaterThanOrEqualTo(kind.heldFor(LARGE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aBodyBeingSentOutlivesItsEvictionAndIsFreedWhenTheSendEnds(Kind kind) {
    ResponseCache cache = new ResponseCache(8 << 20, EvictionPolicy.TINY_LFU, Runnable::run, kind.storage(dir));
    StoredBody body = fill(cache, "/a", LARGE);
    assertThat(body.retain()).as("a writer's lease").isTrue();

    cache.invalidate(ResponseCacheTest.key("/a"));
    fill(cache, "/b", LARGE); // would reuse /a's pages if they had been given back
    assertThat(body.copy()).as("still whole while sent").isEqualTo(ByteBuffer.wrap(bytes(LARGE, "/a".hashCode())));
    body.release();

    assertThat(kind.held(cache.bodies())).isEqualTo(kind.heldFor(LARGE));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anEntryTooBigForTheCacheIsNotKeptButItsFillCanStillSendIt(Kind kind) {
    ResponseCache cache = new ResponseCache(LARGE / 2, EvictionPolicy.LRU, Runnable::run, kind.storage(dir));
    StoredBody body = cache.bodies().store(bytes(LARGE, 6), LARGE);

    cache.store(ResponseCacheTest.key("/big"), response(body));
    assertThat(body.copy().remaining()).as("the fill's own lease keeps it").isEqualTo(LARGE);
    body.release();

    assertThat(cache.size()).isZero();
    assertThat(kind.held(cache.bodies())).isZero();
  }
}
