package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas a strategy may choose from for one request: the currently eligible replicas with their
 * effective weights and live in-flight counts, minus those already tried for this request.
 *
 * <p>A pool builds one {@code Candidates} per change of health or weight and shares it between
 * requests; {@link #excluding(Replica)} makes a cheap view for a retry that shares the same
 * {@link #layout()}, so strategies may cache tables (a Maglev table, a weighted sequence) per layout.
 */
public final class Candidates {
  private final Layout layout;
  private final Replica[] excluded;
  private final int usable;

  /** Replicas, effective weights and in-flight counters, index-aligned; identity is the cache key. */
  static final class Layout {
    final Replica[] replicas;
    final int[] weights;
    final AtomicInteger[] inFlight;

    Layout(Replica[] replicas, int[] weights, AtomicInteger[] inFlight) {
      this.replicas = replicas;
      this.weights = weights;
      this.inFlight = inFlight;
    }
  }

  private Candidates(Layout layout, Replica[] excluded) {
    this.layout = layout;
    this.excluded = excluded;
    int n = 0;
    for (int i = 0; i < layout.replicas.length; i++) if (usable(i)) n++;
    this.usable = n;
  }

  /** {@code replicas} with their configured weights and fresh in-flight counters (for tests and tools). */
  public static Candidates of(List<Replica> replicas) {
    int[] weights = replicas.stream().mapToInt(Replica::weight).toArray();
    AtomicInteger[] inFlight = new AtomicInteger[replicas.size()];
    Arrays.setAll(inFlight, i -> new AtomicInteger());
    return of(replicas, weights, inFlight);
  }

  /** {@code replicas} with effective {@code weights} (each at least 1) and their live {@code inFlight} counters. */
  public static Candidates of(List<Replica> replicas, int[] weights, AtomicInteger[] inFlight) {
    requireNonNull(replicas, "replicas");
    if (replicas.size() != weights.length || replicas.size() != inFlight.length) {
      throw new IllegalArgumentException("replicas, weights and inFlight must be the same length");
    }
    for (int w : weights) if (w < 1) throw new IllegalArgumentException("weights must be at least 1");
    return new Candidates(new Layout(replicas.toArray(Replica[]::new), weights.clone(), inFlight.clone()),
        new Replica[0]);
  }

  /** The same candidates without {@code tried}; strategies never choose an excluded replica. */
  public Candidates excluding(Replica tried) {
    Replica[] more = Arrays.copyOf(excluded, excluded.length + 1);
    more[excluded.length] = requireNonNull(tried, "tried");
    return new Candidates(layout, more);
  }

  /** Number of replicas in the layout, usable or not; indices run from 0 to size() - 1. */
  public int size() {
    return layout.replicas.length;
  }

  /** Number of replicas a strategy may still choose. */
  public int usableCount() {
    return usable;
  }

  /** Whether replica {@code i} may be chosen (it was not excluded). */
  public boolean usable(int i) {
    Replica r = layout.replicas[i];
    for (Replica e : excluded) if (e == r || e.equals(r)) return false;
    return true;
  }

  public Replica replica(int i) {
    return layout.replicas[i];
  }

  /** The effective weight of replica {@code i} (configured weight, scaled down while it slow-starts). */
  public int weight(int i) {
    return layout.weights[i];
  }

  /** Requests now in flight to replica {@code i}. */
  public int inFlight(int i) {
    return layout.inFlight[i].get();
  }

  /** Identifies the replicas and weights (not the exclusions): strategies key derived tables on it. */
  Object layout() {
    return layout;
  }

  /** The usable replicas, in layout order. */
  public List<Replica> usableReplicas() {
    List<Replica> out = new ArrayList<>(usable);
    for (int i = 0; i < size(); i++) if (usable(i)) out.add(replica(i));
    return out;
  }

  @Override
  public String toString() {
    return usableReplicas().toString();
  }
}
