package dev.cdnsim.geodns;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Places a client address by longest-prefix match over the configured {@link GeoBlock}s. */
final class GeoMap {
  /** A block and its parsed prefix, kept together so matching never re-parses. */
  private record Entry(Cidr cidr, GeoBlock block) {}

  /** The block that matched and its prefix length (the ECS scope of the answer). */
  record Match(GeoBlock block, int prefixLength) {}

  private final List<Entry> longestFirst;

  GeoMap(List<GeoBlock> blocks) {
    // A handful of blocks: a linear scan, longest prefix first, beats a trie on simplicity and
    // is fast enough; the first hit is the longest match.
    this.longestFirst = blocks.stream()
        .map(b -> new Entry(Cidr.parse(b.cidr()), b))
        .sorted(Comparator.comparingInt((Entry e) -> e.cidr().prefixLength()).reversed())
        .toList();
  }

  /** Returns the most specific block containing {@code address}, if any. */
  Optional<Match> match(InetAddress address) {
    byte[] bytes = address.getAddress(); // a copy each call: take it once
    for (Entry entry : longestFirst) {
      if (entry.cidr().contains(bytes)) {
        return Optional.of(new Match(entry.block(), entry.cidr().prefixLength()));
      }
    }
    return Optional.empty();
  }
}
