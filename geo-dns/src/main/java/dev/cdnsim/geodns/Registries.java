package dev.cdnsim.geodns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where a public address is when no geo-map block places it: in the region of the regional Internet registry that
 * holds its block in IANA's registries (IPv4 by /8, IPv6 by the registries' blocks), at one point of that region.
 * Coarse (a continent; the legacy /8s of US organisations and the US military count as North America), but enough
 * for a real resolver's subnet ({@code dig +subnet=200.160.0.0/16}) to land on its own continent's nearest edge
 * rather than on the default location. Special-purpose ranges (RFC 6890: private, shared, loopback, link-local,
 * documentation, benchmarking, multicast, reserved) are never placed this way. Pure: tested on addresses.
 */
final class Registries {
  private Registries() {}

  /** A regional Internet registry, and the point its clients are taken to be at. */
  enum Registry {
    AFRINIC("afrinic", new GeoPoint(0.0, 20.0)),
    APNIC("apnic", new GeoPoint(22.0, 105.0)),
    ARIN("arin", new GeoPoint(40.0, -95.0)),
    LACNIC("lacnic", new GeoPoint(-15.0, -55.0)),
    RIPE_NCC("ripe-ncc", new GeoPoint(50.0, 10.0));

    private final String label;
    private final GeoPoint location;

    Registry(String label, GeoPoint location) {
      this.label = label;
      this.location = location;
    }

    /** The label a client placed here gets (whoami, stats): {@code registry:apnic}. */
    String label() {
      return "registry:" + label;
    }

    GeoPoint location() {
      return location;
    }
  }

  /** The /8s IANA lists for each registry but ARIN, which holds the rest of 1–223 (IANA IPv4 address space registry). */
  private static final String APNIC_V4 = "1 14 27 36 39 42 43 49 58-61 101 103 106 110-126 133 150 153 163 171 175 "
      + "180 182 183 202 203 210 211 218-223";
  private static final String RIPE_V4 = "2 5 25 31 37 46 51 53 57 62 77-95 109 141 145 151 176 178 185 188 193-195 "
      + "212 213 217";
  private static final String AFRINIC_V4 = "41 102 105 154 196 197";
  private static final String LACNIC_V4 = "177 179 181 186 187 189-191 200 201";

  /** Each first octet's registry; null for 0, 10, 127 and 224–255. */
  private static final Registry[] BY_FIRST_OCTET = firstOctets();

  /** IPv6 blocks of the registries (IANA IPv6 unicast address assignments), the large ones and 2001::/16's. */
  private static final List<Block> V6 = List.of(
      block("2400::/12", Registry.APNIC), block("2600::/12", Registry.ARIN), block("2610::/23", Registry.ARIN),
      block("2620::/23", Registry.ARIN), block("2800::/12", Registry.LACNIC), block("2a00::/12", Registry.RIPE_NCC),
      block("2c00::/12", Registry.AFRINIC), block("2003::/18", Registry.RIPE_NCC),
      block("2001:200::/23", Registry.APNIC), block("2001:400::/23", Registry.ARIN),
      block("2001:600::/23", Registry.RIPE_NCC), block("2001:800::/22", Registry.RIPE_NCC),
      block("2001:c00::/23", Registry.APNIC), block("2001:e00::/23", Registry.APNIC),
      block("2001:1200::/23", Registry.LACNIC), block("2001:1400::/22", Registry.RIPE_NCC),
      block("2001:1800::/23", Registry.ARIN), block("2001:1a00::/23", Registry.RIPE_NCC),
      block("2001:1c00::/22", Registry.RIPE_NCC), block("2001:2000::/19", Registry.RIPE_NCC),
      block("2001:4200::/23", Registry.AFRINIC), block("2001:4400::/23", Registry.APNIC),
      block("2001:4800::/23", Registry.ARIN), block("2001:4a00::/23", Registry.RIPE_NCC),
      block("2001:4c00::/23", Registry.RIPE_NCC), block("2001:5000::/20", Registry.RIPE_NCC),
      block("2001:8000::/19", Registry.APNIC), block("2001:a000::/20", Registry.APNIC),
      block("2001:b000::/20", Registry.APNIC));

  /** Special-purpose ranges inside the registries' blocks (RFC 6890 and its updates). */
  private static final List<Cidr> SPECIAL = List.of(Cidr.parse("100.64.0.0/10"), Cidr.parse("169.254.0.0/16"),
      Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"),
      Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
      Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32"));

  private record Block(Cidr cidr, Registry registry) {}

  /** The registry whose region {@code address} is in, or empty for a special-purpose or unassigned address. */
  static Optional<Registry> of(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Cidr special : SPECIAL) {
      if (special.contains(bytes)) return Optional.empty();
    }
    if (address instanceof Inet4Address) return Optional.ofNullable(BY_FIRST_OCTET[bytes[0] & 0xff]);
    for (Block b : V6) {
      if (b.cidr().contains(bytes)) return Optional.of(b.registry());
    }
    return Optional.empty();
  }

  private static Registry[] firstOctets() {
    Registry[] table = new Registry[256];
    for (int octet = 1; octet <= 223; octet++) table[octet] = Registry.ARIN;
    table[10] = null;
    table[127] = null;
    assign(table, APNIC_V4, Registry.APNIC);
    assign(table, RIPE_V4, Registry.RIPE_NCC);
    assign(table, AFRINIC_V4, Registry.AFRINIC);
    assign(table, LACNIC_V4, Registry.LACNIC);
    return table;
  }

  /** Sets {@code octets} ("1 5 58-61") of {@code table} to {@code registry}. */
  private static void assign(Registry[] table, String octets, Registry registry) {
    for (String range : octets.split(" ")) {
      int dash = range.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
      for (int octet = from; octet <= to; octet++) table[octet] = registry;
    }
  }

  private static Block block(String cidr, Registry registry) {
    return new Block(Cidr.parse(cidr), registry);
  }
}
