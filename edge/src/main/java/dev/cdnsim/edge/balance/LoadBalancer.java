package dev.cdnsim.edge.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the origin replicas to try for a request, best first; the caller tries the next one when a
 * replica cannot be reached. A seam: round robin now, more policies later.
 */
public interface LoadBalancer {

  /** The replicas to try for the request with cache key {@code key}, in order; never empty. */
  List<Replica> select(String key);

  /** Every replica, in turn: request n starts at replica n mod N and fails over to the following ones. */
  static LoadBalancer roundRobin(List<Replica> replicas) {
    List<Replica> all = List.copyOf(replicas);
    if (all.isEmpty()) throw new IllegalArgumentException("at least one replica is needed");
    AtomicInteger next = new AtomicInteger();
    return new LoadBalancer() {
      @Override
      public List<Replica> select(String key) {
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        if (all.size() == 1) return all;
        java.util.ArrayList<Replica> order = new java.util.ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) order.add(all.get((start + i) % all.size()));
        return order;
      }

      @Override
      public String toString() {
        return "roundRobin" + all;
      }
    };
  }
}
