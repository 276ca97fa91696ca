package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Optional knobs of a {@link GeoDnsServer}, apart from {@link GeoDnsConfig}'s required ones.
 *
 * @param zoneFile extra static records in RFC 1035 master format (null: none); an SOA or NS set at
 *     the apex in the file replaces the generated one
 * @param tcpIdleTimeout a TCP connection with no complete query for this long is closed
 * @param maxTcpConnections connections beyond this many are closed at once
 * @param udpThreads receive loops sharing the UDP channel
 */
public record GeoDnsOptions(Path zoneFile, Duration tcpIdleTimeout, int maxTcpConnections,
                            int udpThreads) {
  /** No zone file, 10 s TCP idle timeout, 256 TCP connections, up to 4 UDP loops. */
  public static final GeoDnsOptions DEFAULT = new GeoDnsOptions(null, Duration.ofSeconds(10), 256,
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));

  public GeoDnsOptions {
    requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("tcpIdleTimeout must be positive: " + tcpIdleTimeout);
    }
    if (maxTcpConnections < 1 || udpThreads < 1) {
      throw new IllegalArgumentException("maxTcpConnections and udpThreads must be at least 1");
    }
  }

  /** Returns these options with {@code zoneFile} (null for none). */
  public GeoDnsOptions withZoneFile(Path zoneFile) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads);
  }

  /** Returns these options with other TCP limits. */
  public GeoDnsOptions withTcp(Duration tcpIdleTimeout, int maxTcpConnections) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads);
  }

  /** Returns these options with another number of UDP receive loops. */
  public GeoDnsOptions withUdpThreads(int udpThreads) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads);
  }
}
