package dev.cdnsim.topology.simulate;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.topology.workload.Request;
import dev.cdnsim.topology.workload.RequestGenerator;
import dev.cdnsim.topology.workload.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A sequence of requests reduced to what eviction needs: per request a dense key id, per key a
 * size in bytes. Each version of an object is its own key (a changed object is a different
 * response), so a cached old version simply stops being requested. Immutable once built; the
 * arrays are shared read-only by every policy thread.
 */
public final class Trace {
  private final int[] keys;
  private final int[] sizes;
  private final long bytes;
  private int[] nextUses;

  Trace(int[] keys, int[] sizes) {
    this.keys = requireNonNull(keys, "keys");
    this.sizes = requireNonNull(sizes, "sizes");
    long total = 0;
    for (int key : keys) {
      total += sizes[key];
    }
    this.bytes = total;
  }

  /** Returns the first {@code requests} requests of {@code workload}'s generator with {@code seed}. */
  public static Trace generate(Workload workload, long seed, int requests) {
    RequestGenerator generator = workload.generator(seed);
    KeyIndex index = new KeyIndex(Math.min(requests, workload.objects()));
    int[] keys = new int[requests];
    int[] sizes = new int[Math.min(requests, workload.objects())];
    for (int i = 0; i < requests; i++) {
      Request request = generator.next();
      int key = index.idOf(((long) request.object() << 32) | request.version());
      if (key == sizes.length) {
        sizes = Arrays.copyOf(sizes, Math.max(16, sizes.length * 2));
      }
      sizes[key] = cacheableSize(request.size());
      keys[i] = key;
    }
    return new Trace(keys, Arrays.copyOf(sizes, index.size()));
  }

  /** Reads a trace file: one request per line, {@code timestamp object size}; see {@link TraceFile}. */
  public static Trace read(Path file) throws IOException {
    return TraceFile.read(file);
  }

  /** Returns this trace with every object one unit big, so capacities count objects. */
  public Trace withUnitSizes() {
    int[] ones = new int[sizes.length];
    Arrays.fill(ones, 1);
    return new Trace(keys, ones);
  }

  /** Returns the number of requests. */
  public int requests() {
    return keys.length;
  }

  /** Returns the number of distinct keys (object versions). */
  public int keyCount() {
    return sizes.length;
  }

  /** Returns the bytes requested over the whole trace. */
  public long bytes() {
    return bytes;
  }

  /** Returns the key of every request, in order; callers must not modify it. */
  int[] keys() {
    return keys;
  }

  /** Returns the size of every key; callers must not modify it. */
  int[] sizes() {
    return sizes;
  }

  /**
   * Returns, for each request, the index of the next request for the same key, or
   * {@link Integer#MAX_VALUE} when there is none; computed once, on first use.
   */
  synchronized int[] nextUses() {
    if (nextUses == null) {
      int[] next = new int[keys.length];
      int[] seenAt = new int[sizes.length];
      Arrays.fill(seenAt, Integer.MAX_VALUE);
      for (int i = keys.length - 1; i >= 0; i--) {
        next[i] = seenAt[keys[i]];
        seenAt[keys[i]] = i;
      }
      nextUses = next;
    }
    return nextUses;
  }

  /** Sizes are counted in an int per key; an empty response still occupies one unit. */
  static int cacheableSize(long size) {
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("objects over 2 GiB are not supported: " + size);
    }
    return (int) Math.max(1, size);
  }
}
