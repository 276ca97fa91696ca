package dev.cdnsim.edge;

import dev.cdnsim.edge.io.IoThreadLocal;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.DirectByteBufferDeallocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge's pool of direct I/O buffers, all of one size. A platform thread (an I/O thread, in practice) keeps up
 * to {@link #PER_THREAD} free buffers of its own, taken and given back without a lock or an atomic operation, as a
 * passed request takes and gives back three or four. Virtual threads (cache fills) share one bounded queue, and so
 * do the buffers a platform thread has no room for: no buffer stays with a virtual thread that ended.
 *
 * <p>Why not Undertow's {@code DefaultByteBufferPool}: with per-thread caches it keeps them per virtual thread until a
 * finalizer runs (15 000 direct buffers, 240 MiB, under a Zipf load), and without them every buffer goes through a
 * concurrent queue, an atomic counter and a synchronized map lookup: about 5 % of the edge's Java time per passed
 * request in a JFR profile.
 */
final class BufferPool implements ByteBufferPool {
  private static final VarHandle BUFFER;

  static {
    try {
      BUFFER = MethodHandles.lookup().findVarHandle(Pooled.class, "buffer", ByteBuffer.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Free buffers each platform thread keeps for itself. */
  static final int PER_THREAD = 64;

  private final int bufferBytes;
  private final int sharedMax;
  private final Queue<ByteBuffer> shared = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sharedCount = new AtomicInteger();
  private final IoThreadLocal<ArrayDeque<ByteBuffer>> local = new IoThreadLocal<>(() -> new ArrayDeque<>(PER_THREAD));
  private final ByteBufferPool heap;
  private volatile boolean closed;

  /** A pool of direct buffers of {@code bufferBytes}, keeping up to {@code sharedMax} free ones in the shared queue. */
  BufferPool(int bufferBytes, int sharedMax) {
    if (bufferBytes <= 0) throw new IllegalArgumentException("bufferBytes must be positive: " + bufferBytes);
    this.bufferBytes = bufferBytes;
    this.sharedMax = sharedMax;
    this.heap = new DefaultByteBufferPool(false, bufferBytes, sharedMax, 0);
  }

  @Override
  public PooledByteBuffer allocate() {
    if (closed) throw new IllegalStateException("buffer pool closed");
    ByteBuffer buffer = null;
    if (!Thread.currentThread().isVirtual()) buffer = local.get().pollLast();
    if (buffer == null) {
      buffer = shared.poll();
      if (buffer != null) sharedCount.decrementAndGet();
    }
    if (buffer == null) buffer = ByteBuffer.allocateDirect(bufferBytes);
    buffer.clear();
    return new Pooled(buffer);
  }

  private void free(ByteBuffer buffer) {
    if (closed) {
      DirectByteBufferDeallocator.free(buffer);
      return;
    }
    if (!Thread.currentThread().isVirtual()) {
      ArrayDeque<ByteBuffer> mine = local.get();
      if (mine.size() < PER_THREAD) {
        mine.addLast(buffer);
        return;
      }
    }
    if (sharedCount.incrementAndGet() > sharedMax) {
      sharedCount.decrementAndGet();
      DirectByteBufferDeallocator.free(buffer);
      return;
    }
    shared.add(buffer);
  }

  /** Free buffers in the shared queue (not those the threads keep). */
  int sharedFree() {
    return sharedCount.get();
  }

  @Override
  public ByteBufferPool getArrayBackedPool() {
    return heap;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    heap.close();
    for (ByteBuffer b; (b = shared.poll()) != null; ) DirectByteBufferDeallocator.free(b);
    // Buffers kept by threads are left to the garbage collector: only their own thread may touch its deque.
  }

  @Override
  public int getBufferSize() {
    return bufferBytes;
  }

  @Override
  public boolean isDirect() {
    return true;
  }

  /** One buffer out of the pool; closing it gives it back, once, even when two threads close it at once. */
  private final class Pooled implements PooledByteBuffer {
    private volatile ByteBuffer buffer;

    Pooled(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getBuffer() {
      ByteBuffer b = buffer;
      if (b == null) throw new IllegalStateException("buffer already given back to the pool");
      return b;
    }

    @Override
    public void close() {
      ByteBuffer b = (ByteBuffer) BUFFER.getAndSet(this, (ByteBuffer) null);
      if (b != null) free(b);
    }

    @Override
    public boolean isOpen() {
      return buffer != null;
    }

    @Override
    public String toString() {
      return "BufferPool.Pooled{" + buffer + "}";
    }
  }
}
