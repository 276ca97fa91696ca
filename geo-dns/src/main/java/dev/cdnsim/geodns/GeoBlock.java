package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

/**
 * A geo-map entry: clients in {@code cidr} (e.g. "127.101.0.0/16" or "2001:db8::/32") are at
 * {@code location}; {@code label} names the region in stats and whoami answers.
 */
public record GeoBlock(String cidr, GeoPoint location, String label) {
  public GeoBlock {
    requireNonNull(cidr, "cidr");
    requireNonNull(location, "location");
    requireNonNull(label, "label");
    Cidr.parse(cidr); // fail at configuration time, not at the first query
  }
}
