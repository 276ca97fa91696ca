package dev.cdnsim.edge.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weighted least connections (nginx {@code least_conn}, HAProxy {@code leastconn}): the usable replica
 * with the fewest in-flight requests per unit of weight. The scan starts at a rotating offset, so ties
 * (an idle pool) are broken round-robin rather than always toward the first replica.
 */
final class LeastConnections implements SelectionStrategy {
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    int n = candidates.size();
    int first = Math.floorMod(start.getAndIncrement(), n);
    int best = -1;
    long bestLoad = 0;
    int bestWeight = 1;
    for (int k = 0; k < n; k++) {
      int i = (first + k) % n;
      if (!candidates.usable(i)) continue;
      long load = candidates.inFlight(i);
      int weight = candidates.weight(i);
      // load / weight < bestLoad / bestWeight, without division.
      if (best < 0 || load * bestWeight < bestLoad * weight) {
        best = i;
        bestLoad = load;
        bestWeight = weight;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "least-connections";
  }
}
