package dev.cdnsim.edge.balance;

import java.net.InetAddress;

/** Stable 64-bit hashes of keys, replica ids and client addresses, computed without allocating. */
final class KeyHash {
  private KeyHash() {}

  /** FNV-1a over the UTF-16 units of {@code s}, seeded, then finalised with {@link #mix}. */
  static long of(CharSequence s, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** A client address: its bytes' hash (an IPv4 address's hashCode is the address itself), mixed. */
  static long of(InetAddress address) {
    return mix(address.hashCode() * 0x9e3779b97f4a7c15L);
  }

  /** SplitMix64's finaliser: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
