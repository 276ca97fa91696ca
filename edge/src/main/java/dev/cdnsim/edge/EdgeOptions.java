package dev.cdnsim.edge;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.EvictionPolicy;
import dev.cdnsim.edge.tls.TlsConfig;
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
 */
public record EdgeOptions(EvictionPolicy policy, long maxObjectBytes, Optional<String> adminToken, Duration heuristicCap,
    Duration collapseWait, Duration hitForMissTtl, Optional<TlsConfig> https) {
  /** Without HTTPS. */
  public EdgeOptions(EvictionPolicy policy, long maxObjectBytes, Optional<String> adminToken, Duration heuristicCap,
      Duration collapseWait, Duration hitForMissTtl) {
    this(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, Optional.empty());
  }

  public EdgeOptions {
    requireNonNull(https, "https");
    requireNonNull(policy, "policy");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(heuristicCap, "heuristicCap");
    requireNonNull(hitForMissTtl, "hitForMissTtl");
    if (maxObjectBytes <= 0) throw new IllegalArgumentException("maxObjectBytes must be positive, was " + maxObjectBytes);
  }

  /** W-TinyLFU, objects up to 16 MiB stored, no token, heuristic cap 1 day, collapse wait = origin timeout, hit-for-miss 120 s. */
  public static EdgeOptions defaults() {
    return new EdgeOptions(EvictionPolicy.TINY_LFU, 16L * 1024 * 1024, Optional.empty(), Duration.ofDays(1), null,
        Duration.ofSeconds(120));
  }

  public EdgeOptions withPolicy(EvictionPolicy p) {
    return new EdgeOptions(p, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, https);
  }

  public EdgeOptions withMaxObjectBytes(long n) {
    return new EdgeOptions(policy, n, adminToken, heuristicCap, collapseWait, hitForMissTtl, https);
  }

  public EdgeOptions withAdminToken(String token) {
    return new EdgeOptions(policy, maxObjectBytes, Optional.ofNullable(token).filter(t -> !t.isBlank()), heuristicCap,
        collapseWait, hitForMissTtl, https);
  }

  public EdgeOptions withCollapseWait(Duration d) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, d, hitForMissTtl, https);
  }

  /** Also listen for HTTPS as {@code tls} says. */
  public EdgeOptions withHttps(TlsConfig tls) {
    return new EdgeOptions(policy, maxObjectBytes, adminToken, heuristicCap, collapseWait, hitForMissTtl, Optional.of(tls));
  }
}
