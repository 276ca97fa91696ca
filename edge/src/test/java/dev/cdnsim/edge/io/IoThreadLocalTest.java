package dev.cdnsim.edge.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** Each thread has its own value, made once on that thread: real XNIO I/O threads of two workers, and others. */
class IoThreadLocalTest {
  private final Xnio xnio = Xnio.getInstance(IoThreadLocalTest.class.getClassLoader());
  private final XnioWorker one = worker();
  private final XnioWorker two = worker();   // its threads have the same numbers as one's
  private final AtomicInteger made = new AtomicInteger();
  private final List<Thread> madeOn = new CopyOnWriteArrayList<>();
  private final IoThreadLocal<String> local = new IoThreadLocal<>(() -> {
    madeOn.add(Thread.currentThread());
    return "value " + made.incrementAndGet() + " of " + Thread.currentThread().getName();
  });

  IoThreadLocalTest() throws Exception {
  }

  private XnioWorker worker() throws Exception {
    return xnio.createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2, Options.WORKER_TASK_CORE_THREADS, 1));
  }

  @AfterEach
  void stop() {
    one.shutdownNow();
    two.shutdownNow();
  }

  private static <T> T on(XnioIoThread thread, Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    thread.execute(() -> {
      try {
        result.complete(work.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyThreadGetsItsOwnValueMadeOnceOnItAndTheSameOneAfter() throws Exception {
    List<XnioIoThread> threads = List.of(one.getIoThread(0), one.getIoThread(1), two.getIoThread(0),
        two.getIoThread(1));
    assertThat(two.getIoThread(0).getNumber()).isEqualTo(one.getIoThread(0).getNumber());
    List<String> first = new ArrayList<>();
    for (XnioIoThread t : threads) first.add(on(t, local::get));
    Thread plain = Thread.ofPlatform().start(() -> first.add(local.get() + " / " + local.get()));
    plain.join(10_000);
    Thread virtual = Thread.ofVirtual().start(() -> first.add(local.get() + " / " + local.get()));
    virtual.join(10_000);

    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < threads.size(); i++) assertThat(on(threads.get(i), local::get)).isEqualTo(first.get(i));
    }
    assertThat(first).doesNotHaveDuplicates().hasSize(6);
    for (int i = 0; i < threads.size(); i++) assertThat(first.get(i)).endsWith("of " + threads.get(i).getName());
    assertThat(first.get(4)).isEqualTo("value 5 of " + plain.getName() + " / value 5 of " + plain.getName());
    assertThat(first.get(5)).startsWith("value 6 of ");
    assertThat(madeOn).containsExactly(threads.get(0), threads.get(1), threads.get(2), threads.get(3), plain,
        virtual);
  }
}
