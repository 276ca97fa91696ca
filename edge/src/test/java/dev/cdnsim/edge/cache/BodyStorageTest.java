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
import org.junit.jupiter.params.provider.EnumSource;

/** Where bodies live, and that every file the cache opens is closed once neither the cache nor a sender holds it. */
class BodyStorageTest {
  private static final int LARGE = BodyStorage.LARGE_BODY_BYTES;

  @TempDir Path dir;

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
  void smallBodiesStayOnTheHeapAndLargeOnesGoToUnlinkedFiles() throws IOException {
    BodyStorage storage = new BodyStorage(Optional.of(dir));
    byte[] large = bytes(LARGE + 1, 1);

    StoredBody small = storage.store(bytes(LARGE - 1, 2), LARGE - 1);
    StoredBody file = storage.store(large, large.length);

    assertThat(small).isInstanceOfSatisfying(MemoryBody.class, m -> assertThat(m.view().isDirect()).isFalse());
    assertThat(file).isInstanceOf(FileBody.class);
    assertThat(file.copy()).isEqualTo(ByteBuffer.wrap(large));
    assertThat(filesInDir()).as("the file has no name left behind").isZero();
    assertThat(storage.openFiles()).isEqualTo(1);
    assertThat(storage.fileBytes()).isEqualTo(large.length);
  }

  @Test
  void withoutADirectoryLargeBodiesGoToDirectMemory() {
    StoredBody body = new BodyStorage(Optional.empty()).store(bytes(LARGE, 3), LARGE);

    assertThat(body).isInstanceOfSatisfying(MemoryBody.class, m -> assertThat(m.view().isDirect()).isTrue());
  }

  @Test
  void aDirectoryThatCannotTakeFilesFallsBackToDirectMemory() {
    StoredBody body = new BodyStorage(Optional.of(dir.resolve("missing"))).store(bytes(LARGE, 4), LARGE);

    assertThat(body).isInstanceOf(MemoryBody.class);
    assertThat(body.copy().remaining()).isEqualTo(LARGE);
  }

  @Test
  void theLastLeaseClosesAFileAndNoLeaseCanBeTakenAfter() {
    BodyStorage storage = new BodyStorage(Optional.of(dir));
    StoredBody body = storage.store(bytes(LARGE, 5), LARGE);

    assertThat(body.retain()).isTrue();
    body.release();
    assertThat(storage.openFiles()).isEqualTo(1);
    body.release();

    assertThat(storage.openFiles()).isZero();
    assertThat(storage.fileBytes()).isZero();
    assertThat(body.retain()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void replacingOrPurgingAnEntryClosesItsFileAndSoftPurgeKeepsIt(EvictionPolicy policy) {
    ResponseCache cache = new ResponseCache(8 << 20, policy, Runnable::run, new BodyStorage(Optional.of(dir)));
    fill(cache, "/a", LARGE);
    fill(cache, "/a", LARGE + 10); // a newer response replaces the first
    assertThat(cache.bodies().openFiles()).isEqualTo(1);

    cache.purge(ResponseCacheTest.key("/a"), true, T0);
    assertThat(cache.bodies().openFiles()).as("a soft purge keeps the body for stale-if-error").isEqualTo(1);

    cache.purge(ResponseCacheTest.key("/a"), false, T0);
    assertThat(cache.bodies().openFiles()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void evictionClosesTheFilesOfWhatLeftSoFilesNeverOutgrowTheCache(EvictionPolicy policy) {
    long max = 4L * (LARGE + 1024);
    ResponseCache cache = new ResponseCache(max, policy, Runnable::run, new BodyStorage(Optional.of(dir)));

    for (int i = 0; i < 50; i++) fill(cache, "/" + i, LARGE);

    assertThat(cache.bodies().fileBytes()).isLessThanOrEqualTo(cache.weightedSize()).isLessThanOrEqualTo(max);
    assertThat(cache.bodies().openFiles()).isBetween(1L, 4L);
  }

  @Test
  void aBodyBeingSentOutlivesItsEvictionAndClosesWhenTheSendEnds() {
    ResponseCache cache = new ResponseCache(8 << 20, EvictionPolicy.TINY_LFU, Runnable::run,
        new BodyStorage(Optional.of(dir)));
    StoredBody body = fill(cache, "/a", LARGE);
    assertThat(body.retain()).as("a writer's lease").isTrue();

    cache.invalidate(ResponseCacheTest.key("/a"));
    assertThat(body.copy().remaining()).as("still readable while sent").isEqualTo(LARGE);
    body.release();

    assertThat(cache.bodies().openFiles()).isZero();
  }

  @Test
  void anEntryTooBigForTheCacheIsNotKeptButItsFillCanStillSendIt() {
    ResponseCache cache = new ResponseCache(LARGE / 2, EvictionPolicy.LRU, Runnable::run,
        new BodyStorage(Optional.of(dir)));
    StoredBody body = cache.bodies().store(bytes(LARGE, 6), LARGE);

    cache.store(ResponseCacheTest.key("/big"), response(body));
    assertThat(body.copy().remaining()).as("the fill's own lease keeps it open").isEqualTo(LARGE);
    body.release();

    assertThat(cache.size()).isZero();
    assertThat(cache.bodies().openFiles()).isZero();
  }
}
