package dev.cdnsim.topology.simulate;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays one trace through policies at capacities, in virtual time: one thread per policy, each
 * running its capacities in turn over the same shared, read-only trace arrays.
 */
public final class Simulation {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Trace trace;

  public Simulation(Trace trace) {
    this.trace = requireNonNull(trace, "trace");
  }

  /**
   * Returns one measurement per policy and capacity, ordered by policy then capacity as given.
   *
   * @throws InterruptedException if interrupted while waiting for the policy threads
   */
  public List<Measurement> run(List<Policy> policies, List<Long> capacities) throws InterruptedException {
    if (policies.contains(Policy.BELADY)) {
      trace.nextUses(); // once, before the threads, so no policy's timing includes it
    }
    List<Future<List<Measurement>>> running = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, policies.size()))) {
      for (Policy policy : policies) {
        running.add(threads.submit(() -> capacities.stream().map(c -> replay(policy, c)).toList()));
      }
      List<Measurement> measurements = new ArrayList<>();
      for (Future<List<Measurement>> policyRun : running) {
        measurements.addAll(policyRun.get());
      }
      return measurements;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a policy failed: " + e.getCause(), e.getCause());
    }
  }

  /** Replays the whole trace through a new cache of {@code policy} and {@code capacity}. */
  Measurement replay(Policy policy, long capacity) {
    long start = THREADS.getCurrentThreadCpuTime();
    EvictionPolicy cache = policy.create(capacity, trace);
    int[] keys = trace.keys();
    int[] sizes = trace.sizes();
    long hits = 0;
    long hitBytes = 0;
    for (int key : keys) {
      if (cache.access(key)) {
        hits++;
        hitBytes += sizes[key];
      }
    }
    long cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
    return new Measurement(policy, capacity, keys.length, hits, trace.bytes(), hitBytes, cpuNanos);
  }
}
