package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.BodyStorage;
import dev.cdnsim.edge.cache.EvictionPolicy;
import dev.cdnsim.edge.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The edge's finer knobs, with defaults that suit a CDN.
 *
 * @param policy         which entries a full cache evicts first (W-TinyLFU by default)
 * @param maxObjectBytes responses larger than this are streamed through and not stored
 * @param adminToken     a bearer token that opens admin routes to non-loopback clients; empty: loopback only
 * @param heuristicCap   longest heuristic freshness (10% of the time since Last-Modified, RFC 9111 §4.2.2)
 * @param collapseWait   longest a request waits for another request's fill of the same key; null means the origin timeout
 * @param hitForMissTtl  how long a key whose response was not shareable skips collapsing (Varnish: 120 s)
 * @param https          an HTTPS listener (HTTP/2 and HTTP/1.1) beside the plain one, serving the same request path
 * @param ioThreads      event-loop threads that accept, parse and answer hits (nginx's worker_processes); 0 means one
 *                       per CPU the JVM may use
 * @param bodyDirectory  where bodies of 64 to 512 KiB are kept, in unlinked files sent with sendfile (tmpfs:
 *                       {@code /dev/shm} by default on Linux); empty: in pages of direct memory, as larger ones are
 *                       (see {@link BodyStorage})
 * @param clientTimeout  how long a client connection may stay open without a request, a request head take to
 *                       arrive whole, and an answer go without a write getting through (nginx's keepalive_timeout,
 *                       client_header_timeout and send_timeout; 60 s)
 * @param accessLog      where a line per request goes ({@link dev.cdnsim.edge.observe.AccessLog}: a file, or
 *                       {@code -} for standard output); empty: no access log
 * @param proxyProtocol  every connection starts with HAProxy's PROXY protocol header (v1 or v2), from a load balancer
 *                       in front, which gives the client's address; admin routes then need the token
 */
public record EdgeOptions(EvictionPolicy policy, long maxObjectBytes, Optional<String> adminToken, Duration heuristicCap,
    Duration collapseWait, Duration hitForMissTtl, Optional<TlsConfig> https, int ioThreads,
    Optional<Path> bodyDirectory, Duration clientTimeout, Optional<Path> accessLog, boolean proxyProtocol) {
  /** Without HTTPS. */
  public EdgeOptions(EvictionPolicy policy, long maxObjectBytes, Optional<String> adminToken, Duration heuristicCap,
      Duration collapseWait, Duration hitForMissTtl) {
    this(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, Optional.empty(), 0,
        BodyStorage.defaultDirectory(), DEFAULT_CLIENT_TIMEOUT, Optional.empty(), false);
  }

  /** nginx's client_header_timeout (and close to its keepalive_timeout of 75 s). */
  public static final Duration DEFAULT_CLIENT_TIMEOUT = Duration.ofSeconds(60);

  public EdgeOptions {
    requireNonNull(https, "https");
    requireNonNull(clientTimeout, "clientTimeout");
    if (clientTimeout.isNegative() || clientTimeout.isZero() || clientTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("clientTimeout must be positive and at most 24 days, was " + clientTimeout);
    }
    requireNonNull(bodyDirectory, "bodyDirectory");
    requireNonNull(accessLog, "accessLog");
    requireNonNull(policy, "policy");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(heuristicCap, "heuristicCap");
    requireNonNull(hitForMissTtl, "hitForMissTtl");
    if (ioThreads < 0) throw new IllegalArgumentException("ioThreads must be 0 (one per CPU) or more, was " + ioThreads);
    if (maxObjectBytes <= 0) throw new IllegalArgumentException("maxObjectBytes must be positive, was " + maxObjectBytes);
  }

  /** W-TinyLFU, objects up to 16 MiB stored, no token, heuristic cap 1 day, collapse wait = origin timeout, hit-for-miss 120 s. */
  public static EdgeOptions defaults() {
    return new EdgeOptions(EvictionPolicy.TINY_LFU, 16L * 1024 * 1024, Optional.empty(), Duration.ofDays(1), null,
        Duration.ofSeconds(120));
  }

  public EdgeOptions withPolicy(EvictionPolicy p) {
    return new EdgeOptions(p, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https, ioThreads,
        bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  public EdgeOptions withMaxObjectBytes(long n) {
    return new EdgeOptions(policy, n, adminToken, heuristicCap, collapseWait, hitForMissTtl, https, ioThreads,
        bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  public EdgeOptions withAdminToken(String token) {
    return new EdgeOptions(policy, maxObjectBytes, Optional.ofNullable(token).filter(t -> !t.isBlank()), heuristicCap,
        collapseWait, hitForMissTtl, https, ioThreads, bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  public EdgeOptions withCollapseWait(Duration d) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, d, hitForMissTtl, https, ioThreads,
        bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  /** Also listen for HTTPS as {@code tls} says. */
  public EdgeOptions withHttps(TlsConfig tls) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, Optional.of(tls),
        ioThreads, bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  /** {@code n} event-loop threads; 0: one per CPU. */
  public EdgeOptions withIoThreads(int n) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https, n,
        bodyDirectory, clientTimeout, accessLog, proxyProtocol);
  }

  /** Large bodies in files in {@code dir} (empty: in direct memory). */
  public EdgeOptions withBodyDirectory(Optional<Path> dir) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https, ioThreads,
        dir, clientTimeout, accessLog, proxyProtocol);
  }

  /** Client connections close after {@code d} without a request, with a head not whole, or with an answer stuck. */
  public EdgeOptions withClientTimeout(Duration d) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https, ioThreads,
        bodyDirectory, d, accessLog, proxyProtocol);
  }

  /** A line per request to {@code file} ({@code -}: standard output). */
  public EdgeOptions withAccessLog(Path file) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https,
        ioThreads, bodyDirectory, clientTimeout, Optional.of(file), proxyProtocol);
  }

  /** Every connection starts with a PROXY protocol header (v1 or v2) naming the client. */
  public EdgeOptions withProxyProtocol() {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https,
        ioThreads, bodyDirectory, clientTimeout, accessLog, true);
  }

  /** The event-loop threads to start: {@link #ioThreads()}, or one per CPU when that is 0. */
  public int effectiveIoThreads() {
    return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
  }
}
