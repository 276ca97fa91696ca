package dev.cdnsim.edge.cache;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Pages of direct memory for large stored bodies: {@link #PAGE_BYTES} each, cut from slabs of
 * {@link #SLAB_BYTES} allocated as bodies need them, up to a limit, and reused when a body's last lease goes (not
 * when the garbage collector gets round to a buffer: a cache that turns over large objects would otherwise hold
 * freed direct memory until a full collection, or force one when the JVM's direct memory limit is reached).
 * Slabs are never given back; the limit bounds them. Taking and giving back happen when a body is stored and when
 * it is freed, never on a hit, so a lock is cheap enough.
 */
public final class PagePool {
  public static final int PAGE_BYTES = 16 * 1024;
  static final int SLAB_BYTES = 1024 * 1024;
  private static final System.Logger LOG = System.getLogger(PagePool.class.getName());

  private final long limitBytes;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private long slabBytes;
  private long usedBytes;
  private boolean outOfDirectMemory;

  /** A pool that allocates at most {@code limitBytes} (rounded down to whole slabs). */
  public PagePool(long limitBytes) {
    if (limitBytes < 0) throw new IllegalArgumentException("limitBytes < 0: " + limitBytes);
    this.limitBytes = limitBytes;
  }

  /** Pages needed for {@code length} bytes. */
  static int pagesFor(long length) {
    return (int) ((length + PAGE_BYTES - 1) / PAGE_BYTES);
  }

  /**
   * Pages enough for {@code length} bytes, each cleared (position 0, limit {@link #PAGE_BYTES}), or null when the
   * limit (or the JVM's direct memory) does not leave room for them.
   */
  synchronized ByteBuffer[] take(int length) {
    int n = pagesFor(length);
    while (free.size() < n) {
      if (!addSlab()) return null;
    }
    ByteBuffer[] pages = new ByteBuffer[n];
    for (int i = 0; i < n; i++) pages[i] = free.pop();
    usedBytes += (long) n * PAGE_BYTES;
    return pages;
  }

  /** Takes back pages from {@link #take}; the caller must not touch them (or views of them) afterwards. */
  synchronized void give(ByteBuffer[] pages) {
    for (ByteBuffer page : pages) free.push(page.clear());
    usedBytes -= (long) pages.length * PAGE_BYTES;
  }

  private boolean addSlab() {
    if (outOfDirectMemory || slabBytes + SLAB_BYTES > limitBytes) return false;
    ByteBuffer slab;
    try {
      slab = ByteBuffer.allocateDirect(SLAB_BYTES);
    } catch (OutOfMemoryError e) {
      outOfDirectMemory = true;
      LOG.log(System.Logger.Level.WARNING, "direct memory is full at " + slabBytes + " bytes of body pages ("
          + e.getMessage() + "); further large bodies are kept on the heap (raise -XX:MaxDirectMemorySize)");
      return false;
    }
    slabBytes += SLAB_BYTES;
    for (int at = 0; at < SLAB_BYTES; at += PAGE_BYTES) free.push(slab.slice(at, PAGE_BYTES));
    return true;
  }

  /** Bytes in pages that hold a body now (stored, or still being sent after leaving the cache). */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** Direct memory allocated for pages so far. */
  public synchronized long allocatedBytes() {
    return slabBytes;
  }

  @Override
  public synchronized String toString() {
    return "PagePool{" + usedBytes + " of " + slabBytes + " bytes used, limit " + limitBytes + "}";
  }
}
