package dev.cdnsim.topology.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 127.101.0.0/16}; host bits of the address must be zero. */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be 0.." + bits + ", was " + prefixLength);
    }
    BigInteger hostBits = toNumber(network).and(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
    if (hostBits.signum() != 0) throw new IllegalArgumentException("host bits set in " + network.getHostAddress() + "/" + prefixLength);
  }

  /** Parses {@code address/prefix}; only literal addresses are accepted, never host names. */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("not a CIDR block (like 127.101.0.0/16): \"" + text + "\"");
    String address = text.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP address: \"" + address + "\"");
    try {
      return new Cidr(InetAddress.getByName(address), Integer.parseInt(text.substring(slash + 1)));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR block (like 127.101.0.0/16): \"" + text + "\"");
    }
  }

  /** How many addresses the block holds (capped at {@link Long#MAX_VALUE}). */
  public long size() {
    int hostBits = network.getAddress().length * 8 - prefixLength;
    return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
  }

  /** The {@code index}-th address of the block, counting the network address as 0. */
  public InetAddress addressAt(long index) {
    if (index < 0 || index >= size()) throw new IllegalArgumentException("index " + index + " outside " + this);
    byte[] bytes = toNumber(network).add(BigInteger.valueOf(index)).toByteArray();
    byte[] address = new byte[network.getAddress().length];
    int copy = Math.min(bytes.length, address.length);
    System.arraycopy(bytes, bytes.length - copy, address, address.length - copy, copy);
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
    }
  }

  /** True when {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) return false;
    int shift = address.getAddress().length * 8 - prefixLength;
    return toNumber(address).shiftRight(shift).equals(toNumber(network).shiftRight(shift));
  }

  private static BigInteger toNumber(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
