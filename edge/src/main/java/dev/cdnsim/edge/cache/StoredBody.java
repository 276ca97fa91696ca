package dev.cdnsim.edge.cache;

import java.nio.ByteBuffer;

/**
 * The body of a stored response, shared by every hit: bytes on the heap ({@link MemoryBody}), in pages of direct
 * memory ({@link PagedBody}), or in an unlinked file that hits send with {@code sendfile} ({@link FileBody}).
 * Paged and file bodies are leased: whoever sends one first calls {@link #retain()} (false means it is gone: the
 * cache let go of it a moment ago) and {@link #release()} when done.
 */
public sealed interface StoredBody permits MemoryBody, PagedBody, FileBody {
  /** Body bytes. */
  int length();

  /** Bytes the body holds in memory, pages or its file (for the cache's weigher). */
  int weight();

  /** Takes a lease; false when the body is already closed. Heap bodies never close. */
  boolean retain();

  /** Gives a lease back; the last one closes the body. */
  void release();

  /** A copy of the bytes (tests, diagnostics); hits never call it. */
  ByteBuffer copy();
}
