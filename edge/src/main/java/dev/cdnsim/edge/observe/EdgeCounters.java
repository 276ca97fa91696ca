package dev.cdnsim.edge.observe;

import dev.cdnsim.edge.EdgeStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The edge's counters, safe to bump from any thread; {@link #snapshot()} reads them all. */
public final class EdgeCounters {
  private final Map<CacheStatus, LongAdder> byStatus = new EnumMap<>(CacheStatus.class);
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder originRequests = new LongAdder();
  private final LongAdder originBytes = new LongAdder();
  private final LongAdder inFlight = new LongAdder();
  private final LongAdder tunnels = new LongAdder();

  public EdgeCounters() {
    for (CacheStatus s : CacheStatus.values()) byStatus.put(s, new LongAdder());
  }

  /** Records one proxied request answered with {@code status} and {@code bodyBytes} body bytes. */
  public void served(CacheStatus status, long bodyBytes) {
    byStatus.get(status).increment();
    bytesServed.add(bodyBytes);
  }

  /** Records one request sent to an origin replica. */
  public void originRequest() {
    originRequests.increment();
  }

  /** Records body bytes received from an origin replica. */
  public void originBytes(long n) {
    originBytes.add(n);
  }

  /** Records that a request arrived ({@code +1}) or completed ({@code -1}). */
  public void inFlight(int delta) {
    inFlight.add(delta);
  }

  /** Requests received and not yet completed, admin routes included. */
  public long inFlight() {
    return inFlight.sum();
  }

  /** Records that a tunnel (a switched protocol, a WebSocket) opened ({@code +1}) or closed ({@code -1}). */
  public void tunnels(int delta) {
    tunnels.add(delta);
  }

  /** Tunnels open: connections that switched protocols, joined to a replica's. */
  public long tunnels() {
    return tunnels.sum();
  }

  public long count(CacheStatus status) {
    return byStatus.get(status).sum();
  }

  public EdgeStats snapshot() {
    long hits = 0;
    long misses = 0;
    for (var e : byStatus.entrySet()) {
      if (e.getKey().isHit()) hits += e.getValue().sum();
      else misses += e.getValue().sum();
    }
    return new EdgeStats(hits + misses, hits, misses, bytesServed.sum(), originRequests.sum(), originBytes.sum());
  }
}
