package dev.cdnsim.edge.cache;

import java.nio.ByteBuffer;

/** A body in a read-only heap buffer: small bodies, and large ones when neither pages nor a file can hold them. */
public record MemoryBody(ByteBuffer bytes) implements StoredBody {
  public MemoryBody {
    bytes = bytes.asReadOnlyBuffer();
  }

  /** A fresh view of the bytes, positioned at their start; shared, not copied. */
  public ByteBuffer view() {
    return bytes.duplicate();
  }

  @Override public int length() { return bytes.remaining(); }

  @Override public int weight() { return bytes.capacity(); }

  @Override public boolean retain() { return true; }

  @Override public void release() { }

  @Override public ByteBuffer copy() {
    return ByteBuffer.allocate(length()).put(view()).flip();
  }
}
