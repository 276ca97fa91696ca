package dev.cdnsim.geodns;

import java.util.Map;

/**
 * A snapshot of a {@link GeoDnsServer}'s counters since it started.
 *
 * @param queries messages answered (every rcode), over UDP and TCP
 * @param dropped packets not answered: shorter than a header, or a response rather than a query
 * @param truncated UDP replies sent with TC because they did not fit the client's payload size
 * @param failedOpen geo answers given with no healthy edge (the nearest were used anyway)
 * @param tcpConnections TCP connections accepted
 * @param tcpRejected TCP connections closed at once because too many were open
 * @param byType queries by question type ("A", "AAAA", …)
 * @param byRcode replies by rcode ("NOERROR", "NXDOMAIN", "FORMERR", "BADVERS", …)
 * @param byLocation geo answers by the client's location label ("seoul", …, "default")
 * @param answersByEdge geo answers by the edge id answered first
 */
public record GeoDnsStats(long queries, long dropped, long truncated, long failedOpen,
                          long tcpConnections, long tcpRejected, Map<String, Long> byType,
                          Map<String, Long> byRcode, Map<String, Long> byLocation,
                          Map<String, Long> answersByEdge) {
  public GeoDnsStats {
    byType = Map.copyOf(byType);
    byRcode = Map.copyOf(byRcode);
    byLocation = Map.copyOf(byLocation);
    answersByEdge = Map.copyOf(answersByEdge);
  }
}
