package dev.cdnsim.edge.fetch;

import io.undertow.util.WorkerUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;

/**
 * The deadlines of the passed requests in flight on one I/O thread, checked every {@link #TICK_MILLIS} while any
 * is armed. Arming and disarming are a link and an unlink in a list; an XNIO timer per request cost a tree insert,
 * a tree removal and an object, about 1 % of the edge's CPU per passed request. A deadline fires up to one tick
 * late. All on the thread's own events: no locks.
 */
final class Deadlines {
  static final long TICK_MILLIS = 10;

  /** One deadline, owned by one attempt and armed again as often as it needs. */
  static final class Entry {
    private final Runnable onExpiry;
    private long at;
    private Entry prev;
    private Entry next;
    private boolean armed;

    Entry(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    boolean armed() {
      return armed;
    }

    /** The {@code nanoTime} instant it is armed for. */
    long at() {
      return at;
    }
  }

  private final XnioIoThread thread;
  /** The list's ends: {@code first.prev} and {@code last.next} are null. */
  private Entry first;
  private Entry last;
  private boolean ticking;

  /** {@code thread}: the I/O thread whose timer runs the ticks; null for a list swept by hand (tests). */
  Deadlines(XnioIoThread thread) {
    this.thread = thread;
  }

  /** Arms {@code e} for the {@code nanoTime} instant {@code at} (moving it, when it was armed already). */
  void arm(Entry e, long at) {
    disarm(e);
    e.at = at;
    e.armed = true;
    e.prev = last;
    if (last == null) first = e;
    else last.next = e;
    last = e;
    if (!ticking && thread != null) {
      ticking = true;
      WorkerUtils.executeAfter(thread, this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  void disarm(Entry e) {
    if (!e.armed) return;
    if (e.prev == null) first = e.next;
    else e.prev.next = e.next;
    if (e.next == null) last = e.prev;
    else e.next.prev = e.prev;
    e.prev = null;
    e.next = null;
    e.armed = false;
  }

  /** Disarms and returns the entries whose instant has come at {@code now}, in the order they were armed. */
  List<Entry> expired(long now) {
    List<Entry> due = null;
    for (Entry e = first; e != null; ) {
      Entry next = e.next;
      if (e.at - now <= 0) {
        disarm(e);
        if (due == null) due = new ArrayList<>(4);
        due.add(e);
      }
      e = next;
    }
    return due == null ? List.of() : due;
  }

  boolean isEmpty() {
    return first == null;
  }

  private void tick() {
    ticking = false;
    // Run after the sweep: an expiry may arm entries again, or new ones, which the next tick sees.
    for (Entry e : expired(System.nanoTime())) e.onExpiry.run();
    if (!isEmpty() && !ticking) {
      ticking = true;
      WorkerUtils.executeAfter(thread, this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
