package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeoMapTest {
  private static final GeoPoint A = new GeoPoint(1, 1);
  private static final GeoPoint B = new GeoPoint(2, 2);
  private static final GeoPoint C = new GeoPoint(3, 3);

  private final GeoMap map = new GeoMap(List.of(
      new GeoBlock("10.0.0.0/8", A, "wide"),
      new GeoBlock("10.1.2.0/24", C, "narrow"),
      new GeoBlock("10.1.0.0/16", B, "middle"),
      new GeoBlock("2001:db8::/32", B, "v6-wide"),
      new GeoBlock("2001:db8:1::/48", C, "v6-narrow")));

  @Test
  void longestPrefixWinsWhateverTheOrderOfBlocks() {
    assertThat(map.match(ip("10.1.2.3"))).get()
        .extracting(GeoMap.Match::prefixLength, m -> m.block().label())
        .containsExactly(24, "narrow");
    assertThat(map.match(ip("10.1.3.3")).orElseThrow().block().label()).isEqualTo("middle");
    assertThat(map.match(ip("10.200.0.1")).orElseThrow().block().label()).isEqualTo("wide");
  }

  @Test
  void matchesIpv6AndNeverAcrossFamilies() {
    assertThat(map.match(ip("2001:db8:1::5")).orElseThrow().prefixLength()).isEqualTo(48);
    assertThat(map.match(ip("2001:db8:2::5")).orElseThrow().block().label()).isEqualTo("v6-wide");
    assertThat(map.match(ip("11.0.0.1"))).isEmpty();
    assertThat(map.match(ip("2001:db9::1"))).isEmpty();
    // 10/8 as IPv6 bytes must not match an IPv4 block.
    assertThat(map.match(ip("a00::1"))).isEmpty();
  }

  @Test
  void prefixBoundariesAreExact() {
    GeoMap odd = new GeoMap(List.of(new GeoBlock("192.0.2.128/25", A, "upper")));
    assertThat(odd.match(ip("192.0.2.128"))).isPresent();
    assertThat(odd.match(ip("192.0.2.255"))).isPresent();
    assertThat(odd.match(ip("192.0.2.127"))).isEmpty();
    GeoMap all = new GeoMap(List.of(new GeoBlock("0.0.0.0/0", A, "all")));
    assertThat(all.match(ip("8.8.8.8")).orElseThrow().prefixLength()).isZero();
  }

  @Test
  void rejectsBadBlocksAtConfigurationTime() {
    for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0/8", "example.com/8",
        "2001:db8::/129", "10.0.0.0/x", "::g/8")) {
      assertThatThrownBy(() -> new GeoBlock(bad, A, "x")).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void hostBitsOfTheBlockAreIgnored() {
    GeoMap sloppy = new GeoMap(List.of(new GeoBlock("10.1.2.3/16", A, "sloppy")));
    assertThat(sloppy.match(ip("10.1.200.1"))).isPresent();
  }
}
