package dev.cdnsim.edge.balance;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One replica inside a pool: its health (passive and active state machines, updated lock-free) and
 * its counters. Health transitions are reported to the pool through {@code onTransition}, which
 * invalidates the pool's view of eligible replicas.
 */
final class Member {
  final Replica replica;
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder requests = new LongAdder();
  final LongAdder failures = new LongAdder();
  /** Active up/down transitions and ejections. */
  final LongAdder healthChanges = new LongAdder();
  final LongAdder ejections = new LongAdder();
  private final AtomicReference<PassiveHealth> passive = new AtomicReference<>(PassiveHealth.HEALTHY);
  private final AtomicReference<ActiveHealth> active = new AtomicReference<>(ActiveHealth.INITIAL);
  private volatile long upSince = Long.MIN_VALUE;
  private final Runnable onTransition;

  Member(Replica replica, Runnable onTransition) {
    this.replica = replica;
    this.onTransition = onTransition;
  }

  /** Records a request outcome; returns true if it ejected the replica. Only a failure reads {@code clock}. */
  boolean report(Outcome outcome, Clock clock, PassiveCheckConfig config) {
    if (!outcome.isFailure()) {
      if (outcome == Outcome.SUCCESS && passive.get().failures() != 0) passive.updateAndGet(PassiveHealth::succeeded);
      return false;
    }
    failures.increment();
    long now = clock.millis();
    PassiveHealth before;
    PassiveHealth after;
    do {
      before = passive.get();
      after = before.failed(now, config);
    } while (before != after && !passive.compareAndSet(before, after));
    boolean ejected = before.available(now) && !after.available(now);
    if (ejected) {
      ejections.increment();
      healthChanges.increment();
      onTransition.run();
    }
    return ejected;
  }

  /** Records one probe result at {@code now}; returns true if it changed the replica's active state. */
  boolean probed(boolean ok, long now, ActiveCheckConfig config) {
    ActiveHealth before;
    ActiveHealth after;
    do {
      before = active.get();
      after = before.probed(ok, config.rise(), config.fall());
    } while (before != after && !active.compareAndSet(before, after));
    if (before.up() == after.up()) return false;
    if (after.up()) {
      upSince = now;
      // Brought back by rise good probes in a row: that is newer news than the requests that failed while it was
      // down, so their ejection does not keep it out (as HAProxy's checks decide, not nginx's fail_timeout alone).
      passive.set(PassiveHealth.HEALTHY);
    }
    healthChanges.increment();
    onTransition.run();
    return true;
  }

  boolean eligible(long now) {
    return active.get().up() && passive.get().available(now);
  }

  /** When the replica last came back (after an ejection or from down), or Long.MIN_VALUE if never. */
  long recoveredAt() {
    long ejectionEnd = passive.get().ejectedUntil();
    return Math.max(upSince, ejectionEnd == Long.MIN_VALUE ? Long.MIN_VALUE : ejectionEnd);
  }

  /** When the replica's passive ejection ends, if it is ejected at {@code now}, else Long.MAX_VALUE. */
  long ejectedUntil(long now) {
    long until = passive.get().ejectedUntil();
    return until > now ? until : Long.MAX_VALUE;
  }

  HealthState state(long now, SlowStart slowStart) {
    if (!active.get().up()) return HealthState.DOWN;
    if (!passive.get().available(now)) return HealthState.EJECTED;
    return slowStart.nextChange(recoveredAt(), now) == Long.MAX_VALUE ? HealthState.UP : HealthState.SLOW_START;
  }

  /** Why the replica is not eligible, for a 502's reason. */
  String whyOut(long now, PassiveCheckConfig passiveConfig) {
    if (!active.get().up()) return replica.id() + " down (failed health checks)";
    return replica.id() + " ejected for " + Math.max(1, (passive.get().ejectedUntil() - now + 999) / 1000) + "s after "
        + passiveConfig.maxFails() + " failed request" + (passiveConfig.maxFails() == 1 ? "" : "s");
  }
}
