package dev.cdnsim.edge.cache;

import java.nio.ByteBuffer;

/**
 * A large body in pages of a {@link PagePool}: hits write views of the pages with one gathering write, straight
 * from direct memory (no copy in the JVM). Leased like a {@link FileBody}: the pages go back to the pool when the
 * last lease goes, so a response still being sent after its entry left the cache keeps its bytes. Starts with one
 * lease, its creator's.
 */
public final class PagedBody implements StoredBody {
  private final ByteBuffer[] pages;
  private final int length;
  private final PagePool pool;
  private final Leases leases = new Leases();

  /** Copies {@code bytes[0..length)} into {@code pages}, taken from {@code pool} for this length. */
  PagedBody(ByteBuffer[] pages, byte[] bytes, int length, PagePool pool) {
    if (pages.length != PagePool.pagesFor(length)) {
      throw new IllegalArgumentException(pages.length + " pages for " + length + " bytes");
    }
    for (int i = 0, at = 0; i < pages.length; i++, at += PagePool.PAGE_BYTES) {
      pages[i].put(bytes, at, Math.min(PagePool.PAGE_BYTES, length - at)).flip();
    }
    this.pages = pages;
    this.length = length;
    this.pool = pool;
  }

  /**
   * Read-only views of bytes {@code [first, first + count)}, in order, for one gathering write; valid while the
   * caller holds a lease.
   */
  public ByteBuffer[] views(long first, long count) {
    if (first < 0 || count < 0 || first + count > length) {
      throw new IndexOutOfBoundsException("[" + first + ", +" + count + ") of " + length);
    }
    if (count == 0) return new ByteBuffer[0];
    int from = (int) (first / PagePool.PAGE_BYTES);
    int to = (int) ((first + count - 1) / PagePool.PAGE_BYTES);
    ByteBuffer[] views = new ByteBuffer[to - from + 1];
    for (int i = from; i <= to; i++) {
      long pageStart = (long) i * PagePool.PAGE_BYTES;
      int start = (int) Math.max(first - pageStart, 0);
      int end = (int) Math.min(first + count - pageStart, pages[i].limit());
      views[i - from] = pages[i].asReadOnlyBuffer().position(start).limit(end);
    }
    return views;
  }

  @Override public int length() { return length; }

  @Override public int weight() { return pages.length * PagePool.PAGE_BYTES; }

  @Override public boolean retain() {
    return leases.retain();
  }

  @Override public void release() {
    if (leases.release()) pool.give(pages);
  }

  @Override public ByteBuffer copy() {
    ByteBuffer out = ByteBuffer.allocate(length);
    for (ByteBuffer view : views(0, length)) out.put(view);
    return out.flip();
  }

  @Override public String toString() {
    return "PagedBody{" + length + " bytes in " + pages.length + " pages, " + leases.count() + " leases}";
  }
}
