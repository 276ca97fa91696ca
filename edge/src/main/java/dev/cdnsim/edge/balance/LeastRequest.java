package dev.cdnsim.edge.balance;

/**
 * Envoy's least request with the power of two random choices: two distinct usable replicas drawn at
 * random, and the one with fewer in-flight requests per unit of weight wins (the first drawn on a tie).
 * Close to least connections in effect, but O(1) and without herding on one momentarily idle replica.
 */
final class LeastRequest implements SelectionStrategy {
  private final SharedRandom random;

  LeastRequest(SharedRandom random) {
    this.random = random;
  }

  @Override
  public int choose(Candidates candidates, RequestInfo request) {
    int a = random.usableIndex(candidates);
    if (candidates.usableCount() == 1) return a;
    int b;
    do {
      b = random.usableIndex(candidates);
    } while (b == a);
    return (long) candidates.inFlight(b) * candidates.weight(a) < (long) candidates.inFlight(a) * candidates.weight(b)
        ? b : a;
  }

  @Override
  public String toString() {
    return "least-request";
  }
}
