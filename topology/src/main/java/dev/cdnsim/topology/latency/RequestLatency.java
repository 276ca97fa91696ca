package dev.cdnsim.topology.latency;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.geodns.GeoPoint;
import java.time.Duration;

/**
 * Time to first byte as a user of a region would see it, from what the loopback request really took plus the
 * wide-area hops it would have crossed: user → edge always, edge → origin on a miss. The baseline is the same
 * user going straight to the origin. Latency is modelled, not slept, so runs stay fast and repeatable.
 */
public record RequestLatency(WanLatency wan, GeoPoint user, GeoPoint origin) {
  public RequestLatency {
    requireNonNull(wan, "wan");
    requireNonNull(user, "user");
    requireNonNull(origin, "origin");
  }

  /** The request through {@code edge}; {@code hit} says whether the edge answered from its cache. */
  public long viaEdgeNanos(long measuredNanos, GeoPoint edge, boolean hit) {
    Duration wide = wan.roundTrip(user, edge);
    if (!hit) wide = wide.plus(wan.roundTrip(edge, origin));
    return measuredNanos + wide.toNanos();
  }

  /** The same request sent straight to the origin, with no CDN. */
  public long directNanos(long measuredNanos) {
    return measuredNanos + wan.roundTrip(user, origin).toNanos();
  }
}
