package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Optional knobs of a {@link GeoDnsServer}, apart from {@link GeoDnsConfig}'s required ones.
 *
 * @param zoneFile extra static records in RFC 1035 master format (null: none); an SOA or NS set at
 *     the apex in the file replaces the generated one
 * @param tcpIdleTimeout a TCP connection with no complete query for this long is closed
 * @param maxTcpConnections connections beyond this many are closed at once
 * @param udpThreads receive loops sharing the UDP channel
 * @param policies edge policies by absolute service name ("www.cdn.test."): the config's service
 *     name uses {@link EdgePolicy#nearest()} unless listed; other names listed here become further
 *     service names of the zone, answered from the same edges
 * @param httpListen where to serve {@code GET /metrics} (Prometheus) and {@code GET /stats} (JSON)
 *     to loopback clients, port 0 for any free port; null: no HTTP listener
 */
public record GeoDnsOptions(Path zoneFile, Duration tcpIdleTimeout, int maxTcpConnections,
                            int udpThreads, Map<String, EdgePolicy> policies,
                            InetSocketAddress httpListen) {
  /** No zone file, 10 s TCP idle timeout, 256 TCP connections, up to 4 UDP loops, nearest edge, no HTTP. */
  public static final GeoDnsOptions DEFAULT = new GeoDnsOptions(null, Duration.ofSeconds(10), 256,
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), Map.of());

  /** Options without an HTTP listener. */
  public GeoDnsOptions(Path zoneFile, Duration tcpIdleTimeout, int maxTcpConnections,
                       int udpThreads, Map<String, EdgePolicy> policies) {
    this(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, policies, null);
  }

  public GeoDnsOptions {
    requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("tcpIdleTimeout must be positive: " + tcpIdleTimeout);
    }
    if (maxTcpConnections < 1 || udpThreads < 1) {
      throw new IllegalArgumentException("maxTcpConnections and udpThreads must be at least 1");
    }
    Map<String, EdgePolicy> lowerCase = new TreeMap<>();
    requireNonNull(policies, "policies").forEach((name, policy) -> {
      if (!name.endsWith(".")) {
        throw new IllegalArgumentException("service name must be absolute (end with a dot): " + name);
      }
      lowerCase.put(name.toLowerCase(Locale.ROOT), requireNonNull(policy, "policy of " + name));
    });
    policies = Collections.unmodifiableMap(lowerCase);
  }

  /** Returns these options with {@code zoneFile} (null for none). */
  public GeoDnsOptions withZoneFile(Path zoneFile) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, policies,
        httpListen);
  }

  /** Returns these options with other TCP limits. */
  public GeoDnsOptions withTcp(Duration tcpIdleTimeout, int maxTcpConnections) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, policies,
        httpListen);
  }

  /** Returns these options with another number of UDP receive loops. */
  public GeoDnsOptions withUdpThreads(int udpThreads) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, policies,
        httpListen);
  }

  /** Returns these options with {@code policy} for {@code serviceName} (absolute). */
  public GeoDnsOptions withPolicy(String serviceName, EdgePolicy policy) {
    Map<String, EdgePolicy> more = new TreeMap<>(policies);
    more.put(serviceName, policy);
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, more, httpListen);
  }

  /** Returns these options with an HTTP listener for {@code /metrics} and {@code /stats} (null: none). */
  public GeoDnsOptions withHttp(InetSocketAddress httpListen) {
    return new GeoDnsOptions(zoneFile, tcpIdleTimeout, maxTcpConnections, udpThreads, policies,
        httpListen);
  }
}
