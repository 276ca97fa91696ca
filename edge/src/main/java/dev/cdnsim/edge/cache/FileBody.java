package dev.cdnsim.edge.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.IntConsumer;

/**
 * A body in a file that was unlinked as soon as it was opened: no name, so nothing is left behind by a crash,
 * and its space (RAM, on tmpfs) comes back when the last lease closes the channel. Hits send it with
 * {@code sendfile}, so the kernel passes its pages to the socket without copying them through user space.
 * Starts with one lease, its creator's.
 *
 * <p>The body starts {@link #START} bytes into the file, not at its first page, as a body in nginx's cache files
 * starts after their header block. On Linux 6.18 a loopback client spent 5–7 % less CPU receiving a 100 KiB body
 * sent from there than from a page boundary (wrk, docs/benchmarks.md run M); the cost is at most one page of
 * tmpfs per body.
 */
public final class FileBody implements StoredBody {
  /** Where the body starts in its file. */
  static final int START = 64;

  private final FileChannel channel;
  private final int length;
  private final Leases leases = new Leases();
  private final IntConsumer onClose;

  FileBody(FileChannel channel, int length, IntConsumer onClose) {
    this.channel = channel;
    this.length = length;
    this.onClose = onClose;
  }

  /**
   * The open file, for positional transfers only ({@code transferTo(position, …)}): never move its position. Byte
   * {@code i} of the body is at {@code START + i}.
   */
  FileChannel channel() {
    return channel;
  }

  @Override public int length() { return length; }

  @Override public int weight() { return length; }

  @Override public boolean retain() {
    return leases.retain();
  }

  @Override public void release() {
    if (leases.release()) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a read/write tmpfs file descriptor does not fail in practice; nothing to recover anyway.
      }
      onClose.accept(length);
    }
  }

  @Override public ByteBuffer copy() {
    ByteBuffer out = ByteBuffer.allocate(length);
    try {
      while (out.hasRemaining()) {
        if (channel.read(out, START + out.position()) < 0) break;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.flip();
  }

  @Override public String toString() {
    return "FileBody{" + length + " bytes, " + leases.count() + " leases}";
  }
}
