package dev.cdnsim.geodns;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Live counters of a server, safe to update from every receive loop at once. */
final class QueryStats {
  private final LongAdder queries = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder failedOpen = new LongAdder();
  private final LongAdder tcpConnections = new LongAdder();
  private final LongAdder tcpRejected = new LongAdder();
  private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byRcode = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byLocation = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byEdge = new ConcurrentHashMap<>();

  /** Counts one reply; {@code qtype} is -1 when the question could not be read. */
  void reply(int qtype, int rcode) {
    queries.increment();
    if (qtype >= 0) {
      increment(byType, Type.string(qtype));
    }
    increment(byRcode, Rcode.string(rcode));
  }

  /** Counts a geo answer: where the client was placed and which edges were chosen. */
  void geoAnswer(String location, EdgeChoice choice) {
    increment(byLocation, location);
    if (!choice.edges().isEmpty()) {
      increment(byEdge, choice.edges().get(0).id());
    }
    if (choice.failedOpen()) {
      failedOpen.increment();
    }
  }

  void dropped() {
    dropped.increment();
  }

  void truncated() {
    truncated.increment();
  }

  void tcpConnection(boolean accepted) {
    (accepted ? tcpConnections : tcpRejected).increment();
  }

  GeoDnsStats snapshot() {
    return new GeoDnsStats(queries.sum(), dropped.sum(), truncated.sum(), failedOpen.sum(),
        tcpConnections.sum(), tcpRejected.sum(), sums(byType), sums(byRcode), sums(byLocation),
        sums(byEdge));
  }

  private static void increment(Map<String, LongAdder> counters, String key) {
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counters) {
    Map<String, Long> sums = new TreeMap<>();
    counters.forEach((k, v) -> sums.put(k, v.sum()));
    return sums;
  }
}
