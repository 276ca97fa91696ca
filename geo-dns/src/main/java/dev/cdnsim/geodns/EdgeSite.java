package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;

/**
 * An edge the DNS may answer with: an IPv4 address is served as A, an IPv6 address as AAAA.
 *
 * <p>A dual-stack site is two {@code EdgeSite}s with the same id and location; they share one
 * health state. {@code healthUrl} null means no active check: the edge is always healthy.
 */
public record EdgeSite(String id, InetAddress address, GeoPoint location, URI healthUrl) {
  public EdgeSite {
    requireNonNull(id, "id");
    requireNonNull(address, "address");
    requireNonNull(location, "location");
    if (id.isBlank()) {
      throw new IllegalArgumentException("edge id must not be blank");
    }
  }
}
