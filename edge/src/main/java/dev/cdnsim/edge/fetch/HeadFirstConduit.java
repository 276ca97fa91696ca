package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.io.WriteThenEndConduit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Sends a response head, already in bytes, ahead of the body written through it: in the same system call as the
 * body's first bytes where it can, or on a flush. Writes report the body's bytes only. Ending the writes waits for the
 * head to be out, as a socket's writes can't be shut down with bytes still to send.
 *
 * <p>The head's buffer is given back ({@code release}) once it is out, or when the writes are cut short; from then
 * on this conduit does not touch it, as a pooled buffer may already be another connection's.
 */
final class HeadFirstConduit extends WriteThenEndConduit {
  /** The head, or null once it is out and its buffer given back. */
  private ByteBuffer head;
  private Runnable release;
  private final ByteBuffer[] pair = new ByteBuffer[2];
  /** Whether the writes were ended while the head was still going out: they end once it is out. */
  private boolean endWhenOut;

  /** {@code release} runs once, when {@code head} is no longer needed. */
  HeadFirstConduit(StreamSinkConduit next, ByteBuffer head, Runnable release) {
    super(next);
    this.head = head;
    this.release = release;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (headOut()) return next.write(src);
    pair[0] = head;
    pair[1] = src;
    return (int) withHead(pair, 0, 2);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (headOut()) return next.write(srcs, offset, length);
    ByteBuffer[] all = new ByteBuffer[length + 1];
    all[0] = head;
    System.arraycopy(srcs, offset, all, 1, length);
    return withHead(all, 0, all.length);
  }

  /** Writes {@code srcs}, the head first among them; returns how many of the body's bytes went. */
  private long withHead(ByteBuffer[] srcs, int offset, int length) throws IOException {
    int before = head.remaining();
    long written = next.write(srcs, offset, length);
    long headBytes = before - head.remaining();
    headOut();
    return written - headBytes;
  }

  /** Whether the head is out; gives its buffer back the first time it finds so. */
  private boolean headOut() {
    if (head == null) return true;
    if (head.hasRemaining()) return false;
    giveBack();
    return true;
  }

  private void giveBack() {
    Runnable r = release;
    head = null;
    release = null;
    if (r != null) r.run();
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    if (headOut()) return next.transferFrom(src, position, count);
    return src.transferTo(position, count, new ConduitWritableByteChannel(this));
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
    if (headOut()) return next.transferFrom(source, count, throughBuffer);
    return Conduits.transfer(source, count, throughBuffer, this);
  }

  @Override
  public boolean flush() throws IOException {
    while (!headOut()) {
      if (next.write(head) == 0) return false;
    }
    if (endWhenOut) {
      endWhenOut = false;
      next.terminateWrites();
    }
    return next.flush();
  }

  @Override
  public void terminateWrites() throws IOException {
    if (headOut()) {
      next.terminateWrites();
    } else {
      endWhenOut = true;
    }
  }

  @Override
  public void truncateWrites() throws IOException {
    if (head != null) giveBack();
    next.truncateWrites();
  }
}
