package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  private final BufferPool pool = new BufferPool(1024, 8);

  @Test
  void aPlatformThreadGetsBackTheBufferItGaveBackCleared() {
    PooledByteBuffer first = pool.allocate();
    ByteBuffer b = first.getBuffer();
    b.put((byte) 1).flip();
    first.close();

    PooledByteBuffer again = pool.allocate();
    assertThat(again.getBuffer()).isSameAs(b);
    assertThat(again.getBuffer().position()).isZero();
    assertThat(again.getBuffer().limit()).isEqualTo(1024);
    assertThat(again.getBuffer().isDirect()).isTrue();
    assertThat(pool.sharedFree()).isZero();
  }

  @Test
  void aBufferGivenBackTwiceIsHandedOutOnce() {
    PooledByteBuffer p = pool.allocate();
    p.close();
    p.close();
    assertThat(p.isOpen()).isFalse();
    assertThatThrownBy(p::getBuffer).isInstanceOf(IllegalStateException.class);
    assertThat(pool.allocate().getBuffer()).isNotSameAs(pool.allocate().getBuffer());
  }

  @Test
  void twoThreadsClosingOneBufferAtOnceGiveItBackOnce() throws Exception {
    BufferPool big = new BufferPool(64, 10_000);
    int n = 2_000;
    List<PooledByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) taken.add(big.allocate());
    CountDownLatch go = new CountDownLatch(1);
    Runnable closeAll = () -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      taken.forEach(PooledByteBuffer::close);
    };
    // Virtual threads give back to the shared queue, where the test can count them.
    Thread a = Thread.ofVirtual().start(closeAll);
    Thread b = Thread.ofVirtual().start(closeAll);
    go.countDown();
    a.join();
    b.join();
    assertThat(big.sharedFree()).isEqualTo(n);
    Set<ByteBuffer> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    Thread drain = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < n; i++) handedOut.add(big.allocate().getBuffer());
    });
    drain.join();
    assertThat(handedOut).hasSize(n);
  }

  @Test
  void virtualThreadsKeepNoBufferOfTheirOwn() throws Exception {
    Thread t = Thread.ofVirtual().start(() -> pool.allocate().close());
    t.join();
    assertThat(pool.sharedFree()).isEqualTo(1);
  }

  @Test
  void aPlatformThreadKeepsAtMostItsShareAndTheQueueAtMostItsBound() {
    List<PooledByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < BufferPool.PER_THREAD + 20; i++) taken.add(pool.allocate());
    taken.forEach(PooledByteBuffer::close);
    assertThat(pool.sharedFree()).isEqualTo(8);   // 20 past the thread's share, 8 kept, 12 released
  }

  @Test
  void aClosedPoolRefusesToAllocate() {
    PooledByteBuffer out = pool.allocate();
    pool.close();
    out.close();   // given back after the close: released, not kept
    assertThat(pool.sharedFree()).isZero();
    assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class);
  }
}
