package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the edge talks to its origins, and streams their answers to clients.
 *
 * @param originTimeout  connect timeout and time to the response headers; past it: 504 (or stale)
 * @param maxObjectBytes responses larger than this are streamed through and not stored
 * @param heuristicCap   longest heuristic freshness lifetime (from Last-Modified)
 * @param collapseWait   longest a collapsed request waits for the in-flight fill of its key
 * @param hitForMissTtl  how long a key whose response was not shareable skips collapsing
 * @param via            the edge's {@code Via} entry, e.g. "1.1 cdnsim-seoul"
 * @param clientTimeout  longest a write of a streamed answer may wait on its client ({@link StallCut})
 */
public record FetchConfig(Duration originTimeout, long maxObjectBytes, Duration heuristicCap, Duration collapseWait,
    Duration hitForMissTtl, String via, Duration clientTimeout) {
  public FetchConfig {
    requireNonNull(originTimeout, "originTimeout");
    requireNonNull(heuristicCap, "heuristicCap");
    requireNonNull(collapseWait, "collapseWait");
    requireNonNull(hitForMissTtl, "hitForMissTtl");
    requireNonNull(via, "via");
    requireNonNull(clientTimeout, "clientTimeout");
    if (maxObjectBytes < 0) throw new IllegalArgumentException("maxObjectBytes must be >= 0");
  }
}
