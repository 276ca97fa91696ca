package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Optional;
import org.xbill.DNS.ClientSubnetOption;

/**
 * Places a client from its EDNS Client Subnet (RFC 7871) when the query carries one with a
 * non-zero source prefix, otherwise from its transport source address: by the configured geo map,
 * else by the region of the address's registry ({@link Registries}), else at the default location.
 */
final class ClientLocator {
  private final GeoMap geoMap;
  private final GeoPoint defaultLocation;

  ClientLocator(GeoMap geoMap, GeoPoint defaultLocation) {
    this.geoMap = requireNonNull(geoMap, "geoMap");
    this.defaultLocation = requireNonNull(defaultLocation, "defaultLocation");
  }

  /** Locates a client; {@code subnet} may be null. */
  ClientLocation locate(InetAddress source, ClientSubnetOption subnet) {
    // RFC 7871 7.1.2: SOURCE PREFIX-LENGTH 0 means "use the source address" and the answer's
    // scope must then be 0 too, since no part of the subnet was used.
    boolean useSubnet = subnet != null && subnet.getSourcePrefixLength() > 0;
    InetAddress address = useSubnet ? subnet.getAddress() : source;
    Optional<GeoMap.Match> match = geoMap.match(address);
    if (match.isPresent()) {
      GeoBlock block = match.get().block();
      int scope = useSubnet ? match.get().prefixLength() : 0;
      return new ClientLocation(source, subnet, block.location(), block.label(), scope);
    }
    // Unmatched: the region of the address's registry, or the default. Scoping the answer to the registry's
    // block, or to the whole Internet (0), would be wrong where configured blocks lie inside it (the documentation
    // subnets lie inside ARIN's and APNIC's /8s); the source prefix is the narrowest honest scope.
    int scope = useSubnet ? subnet.getSourcePrefixLength() : 0;
    Optional<Registries.Registry> registry = Registries.of(address);
    if (registry.isPresent()) {
      return new ClientLocation(source, subnet, registry.get().location(), registry.get().label(), scope);
    }
    return new ClientLocation(source, subnet, defaultLocation, ClientLocation.DEFAULT_LABEL, scope);
  }
}
