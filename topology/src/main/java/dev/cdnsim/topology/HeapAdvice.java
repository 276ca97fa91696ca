package dev.cdnsim.topology;

import dev.cdnsim.topology.config.DataSize;
import java.util.Optional;

/**
 * Whether a JVM heap can hold the caches cdnsim is asked to run, and what to do when it cannot. Bodies under 64 KiB
 * live on the heap and the caches' weighers count their bookkeeping, so caches of small objects need their bytes
 * of heap, a quarter more for the collector to work in and for requests in flight, and 64 MiB for the rest of the
 * process. Without this check a {@code --cache-size} above the JVM's default heap (a quarter of the machine's
 * memory) runs until the cache fills and then fails with OutOfMemoryError.
 */
final class HeapAdvice {
  private static final long BASELINE_BYTES = 64L << 20;
  private static final long GIB = 1L << 30;

  private HeapAdvice() {}

  /**
   * Once a command's servers are up and before load comes: one full collection, which moves what starting them made
   * (some 6 MB: Undertow's and XNIO's buffers and tables, the caches' frequency sketches, TLS keys) to the old
   * generation. Left young, it is copied between survivor spaces by each of the first fifteen young collections
   * under load, about 35 s of an edge passing 40,000 requests/s: 6-8 ms a pause instead of 0.5 ms, measured with
   * the serial collector a one-CPU edge gets. A JVM run with -XX:+DisableExplicitGC skips it.
   */
  static void settleStartup() {
    System.gc();
  }

  /** Heap that caches of {@code cacheBytes} in all may need. */
  static long needed(long cacheBytes) {
    return cacheBytes + cacheBytes / 4 + BASELINE_BYTES;
  }

  /**
   * A warning for {@code command} (e.g. "edge") when caches of {@code cacheBytes} in all may not fit a heap of at
   * most {@code maxHeapBytes}, naming the -Xmx that would do; empty when they fit.
   */
  static Optional<String> check(String command, long cacheBytes, long maxHeapBytes) {
    long needed = needed(cacheBytes);
    if (maxHeapBytes >= needed) return Optional.empty();
    long gib = (needed + GIB - 1) / GIB;
    return Optional.of("warning: caches of " + DataSize.format(cacheBytes) + " may not fit this JVM's heap of at most "
        + DataSize.approximate(maxHeapBytes) + " (objects under 64 KiB are kept on the heap); give it more, e.g. "
        + "CDNSIM_JAVA_OPTS=-Xmx" + gib + "g ./cdnsim " + command + " ...");
  }
}
