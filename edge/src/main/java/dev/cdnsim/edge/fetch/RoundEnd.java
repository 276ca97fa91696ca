package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.XnioIoThread;

/**
 * Work put off to the end of one I/O thread's round of events: XNIO runs the thread's queued tasks after it has
 * handled every key one select returned, before it selects again. Writes made there go out back to back, so a peer
 * woken by the first finds the others waiting too and handles them in one wakeup instead of one each, and waking a
 * peer already woken costs the writer little (HAProxy sends at the end of its loop the same way). All on the thread
 * itself.
 */
final class RoundEnd implements Runnable {
  private static final System.Logger LOG = System.getLogger(RoundEnd.class.getName());

  private final XnioIoThread thread;
  private ArrayList<Runnable> pending = new ArrayList<>();
  private ArrayList<Runnable> running = new ArrayList<>();
  private boolean queued;

  RoundEnd(XnioIoThread thread) {
    this.thread = requireNonNull(thread, "thread");
  }

  /** Runs {@code work} at the end of this round of events, after the work put off before it. */
  void later(Runnable work) {
    pending.add(work);
    if (!queued) {
      queued = true;
      try {
        thread.execute(this);
      } catch (RejectedExecutionException stopping) {
        run();   // the worker is shutting down: no later round will come
      }
    }
  }

  @Override
  public void run() {
    queued = false;
    ArrayList<Runnable> batch = pending;
    pending = running;
    running = batch;
    try {
      for (int i = 0, n = batch.size(); i < n; i++) {
        try {
          batch.get(i).run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "work put off to the round's end failed", e);
        }
      }
    } finally {
      batch.clear();
    }
  }
}
