package dev.cdnsim.edge.balance;

import java.util.concurrent.atomic.AtomicInteger;

/** Every usable replica in turn, ignoring weights; an excluded replica's turn passes to the next. */
final class RoundRobin implements SelectionStrategy {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    int n = candidates.size();
    int i = Math.floorMod(next.getAndIncrement(), n);
    while (!candidates.usable(i)) i = (i + 1) % n;
    return i;
  }

  @Override
  public String toString() {
    return "round-robin";
  }
}
