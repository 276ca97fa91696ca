package dev.cdnsim.edge.balance;

import java.util.SplittableRandom;

/**
 * Chooses one replica for a request among the {@link Candidates#usable usable} candidates; never
 * returns an excluded replica and is only called when at least one candidate is usable.
 *
 * <p>Implementations are safe for concurrent use without locks (atomics only) and allocate nothing
 * per call, except when the candidates' layout changes and a derived table is rebuilt. Each pool
 * creates its own instance, so per-strategy state (a counter, a table) is per pool.
 */
public interface SelectionStrategy {

  /** The chosen replica's index in {@code candidates}. */
  int choose(Candidates candidates, RequestInfo request);

  /** Every usable replica in turn, ignoring weights (nginx's round-robin with equal weights). */
  static SelectionStrategy roundRobin() {
    return new RoundRobin();
  }

  /** nginx's smooth weighted round-robin: weights 3:2:1 give a, b, a, c, b, a, never bursts. */
  static SelectionStrategy weightedRoundRobin() {
    return new SmoothWeightedRoundRobin();
  }

  /** The replica with the fewest in-flight requests per unit of weight; ties go round-robin. */
  static SelectionStrategy leastConnections() {
    return new LeastConnections();
  }

  /** Envoy's least request: of two replicas drawn at random, the one with fewer in-flight requests per weight. */
  static SelectionStrategy leastRequest(SplittableRandom random) {
    return new LeastRequest(new SharedRandom(random));
  }

  /** Consistent hashing (Maglev) on the client address, so a client tends to one replica. */
  static SelectionStrategy ipHash() {
    return new MaglevHash(MaglevHash.Key.CLIENT_ADDRESS);
  }

  /** Consistent hashing (Maglev) on the request's hash key (the cache key), so an object tends to one replica. */
  static SelectionStrategy consistentHash() {
    return new MaglevHash(MaglevHash.Key.HASH_KEY);
  }

  /** A replica drawn at random in proportion to its weight. */
  static SelectionStrategy random(SplittableRandom random) {
    return new WeightedRandom(new SharedRandom(random));
  }
}
