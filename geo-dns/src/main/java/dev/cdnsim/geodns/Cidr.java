package dev.cdnsim.geodns;

import java.net.InetAddress;
import java.util.Arrays;
import org.xbill.DNS.Address;

/** An IPv4 or IPv6 prefix such as "127.101.0.0/16"; host bits of the text are ignored. */
final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = mask(network, prefixLength);
    this.prefixLength = prefixLength;
  }

  /** Parses "address/length"; only literals are accepted, so this never resolves a host name. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR block (address/length): " + text);
    }
    String address = text.substring(0, slash).trim();
    int family = address.contains(":") ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(address, family);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address literal in CIDR block: " + text);
    }
    int length;
    try {
      length = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length in CIDR block: " + text, e);
    }
    if (length < 0 || length > bytes.length * 8) {
      throw new IllegalArgumentException("prefix length out of range in CIDR block: " + text);
    }
    return new Cidr(bytes, length);
  }

  int prefixLength() {
    return prefixLength;
  }

  /** True when {@code address} is of this block's family and inside it. */
  boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** True when the raw address (4 or 16 bytes) is of this block's family and inside it. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefixLength / 8;
    if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
      return false;
    }
    int bits = prefixLength % 8;
    // No copy: this runs for every geo query and every block.
    return bits == 0 || ((address[whole] ^ network[whole]) & (0xff00 >> bits) & 0xff) == 0;
  }

  /** Returns {@code address} with every bit past {@code prefixLength} cleared. */
  static byte[] mask(byte[] address, int prefixLength) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
      masked[i] &= (byte) (0xff00 >> bitsHere);
    }
    return masked;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: the length was checked on parsing
    }
  }
}
