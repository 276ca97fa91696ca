package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Probes every replica of a pool with its {@link ActiveCheckConfig} on a virtual thread per replica,
 * once per interval, and feeds the results to {@link Pool#probed}; stops on {@link #close()}. A probe
 * that fails to connect, times out, or answers another status than expected counts as a failure.
 */
public final class HealthChecker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HealthChecker.class.getName());

  /** Told of each change of a replica's up/down state that probes cause. */
  @FunctionalInterface
  public interface Listener {
    void changed(Replica replica, boolean up);
  }

  private final Pool pool;
  /** Whose checks these are, for the log (the edge's id). */
  private final String owner;
  private final ActiveCheckConfig check;
  private final HttpProber prober;
  private final Listener listener;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();

  private HealthChecker(Pool pool, String owner, ActiveCheckConfig check, HttpProber prober, Listener listener) {
    this.pool = pool;
    this.owner = owner;
    this.check = check;
    this.prober = prober;
    this.listener = listener;
  }

  /**
   * Starts probing {@code pool}'s replicas, which must have active checks configured; HTTP checks ask
   * {@code prober}. Each change is logged as {@code owner}'s (the edge's id) and told to {@code listener}.
   */
  public static HealthChecker start(Pool pool, HttpProber prober, String owner, Listener listener) {
    requireNonNull(pool, "pool");
    requireNonNull(owner, "owner");
    requireNonNull(prober, "prober");
    requireNonNull(listener, "listener");
    ActiveCheckConfig check = pool.config().health().active()
        .orElseThrow(() -> new IllegalArgumentException("pool " + pool.name() + " has no active checks"));
    HealthChecker checker = new HealthChecker(pool, owner, check, prober, listener);
    for (Replica r : pool.config().replicas()) {
      checker.threads.add(Thread.ofVirtual().name("health-" + pool.name() + "-" + r.id()).start(() -> checker.loop(r)));
    }
    return checker;
  }

  /** Starts probing {@code pool}'s replicas, logging each change as {@code owner}'s. */
  public static HealthChecker start(Pool pool, HttpProber prober, String owner) {
    return start(pool, prober, owner, (replica, up) -> { });
  }

  private void loop(Replica replica) {
    try {
      do {
        boolean ok = probe(replica);
        if (stop.getCount() == 0) return;
        if (pool.probed(replica, ok)) {
          LOG.log(System.Logger.Level.INFO, "edge {0}, pool {1}: replica {2} is {3} ({4} probe{5} in a row)", owner,
              pool.name(), replica.id(), ok ? "up" : "down", ok ? check.rise() : check.fall(),
              (ok ? check.rise() : check.fall()) == 1 ? "" : "s");
          listener.changed(replica, ok);
        }
      } while (!stop.await(check.interval().toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One probe: true if the replica answered as expected within the timeout. */
  boolean probe(Replica replica) {
    try {
      if (check.kind() == ActiveCheckConfig.Kind.TCP) {
        try (Socket s = ReplicaSocket.connect(replica.base(), check.timeout())) {
          return true;
        }
      }
      // Probes of https:// replicas trust (and present) what requests do.
      return prober.probe(replica.resolve(check.path()), check.expectStatus(), check.timeout(), pool.sslContext());
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Stops probing and waits for the probe threads to end (at most one probe timeout). */
  @Override
  public void close() {
    stop.countDown();
    for (Thread t : threads) t.interrupt();
    try {
      for (Thread t : threads) t.join(check.timeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "HealthChecker{" + pool.name() + ", " + check + "}";
  }
}
