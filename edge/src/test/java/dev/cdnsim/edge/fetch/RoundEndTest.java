package dev.cdnsim.edge.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** Work put off to the end of a round of events, on a real XNIO I/O thread. */
class RoundEndTest {
  private final XnioWorker worker = Xnio.getInstance(RoundEndTest.class.getClassLoader())
      .createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1, Options.WORKER_TASK_CORE_THREADS, 1));
  private final XnioIoThread thread = worker.getIoThread();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  RoundEndTest() throws Exception {
  }

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  @Test
  void putOffWorkRunsAfterWhatPutItOffInTheOrderItWasPutOff() throws Exception {
    thread.execute(() -> {
      RoundEnd end = new RoundEnd(thread);
      end.later(() -> order.add("first put off"));
      end.later(() -> {
        order.add("second put off");
        end.later(() -> {
          order.add("put off by put-off work");
          done.complete(null);
        });
      });
      order.add("the round's own work");
    });

    done.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("the round's own work", "first put off", "second put off",
        "put off by put-off work");
  }

  @Test
  void aFailingPieceDoesNotKeepTheOthersFromRunning() throws Exception {
    thread.execute(() -> {
      RoundEnd end = new RoundEnd(thread);
      end.later(() -> {
        throw new IllegalStateException("a bug in one piece");
      });
      end.later(() -> order.add("after the failure"));
      end.later(() -> done.complete(null));
    });

    done.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("after the failure");
  }

  @Test
  void aRoundEndServesRoundAfterRound() throws Exception {
    RoundEnd end = new RoundEnd(thread);
    CompletableFuture<Void> first = new CompletableFuture<>();
    thread.execute(() -> end.later(() -> first.complete(null)));
    first.get(10, TimeUnit.SECONDS);
    thread.execute(() -> end.later(() -> done.complete(null)));
    done.get(10, TimeUnit.SECONDS);
  }
}
