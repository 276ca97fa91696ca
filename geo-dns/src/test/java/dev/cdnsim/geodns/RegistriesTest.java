package dev.cdnsim.geodns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Placing public addresses by the registry that holds their block; special-purpose ones never. */
class RegistriesTest {
  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);   // literals only: no lookup
  }

  @Test
  void publicAddressesLandInTheirRegistrysRegion() throws Exception {
    assertThat(Registries.of(ip("200.160.0.1"))).hasValue(Registries.Registry.LACNIC);   // Brazil
    assertThat(Registries.of(ip("193.0.6.139"))).hasValue(Registries.Registry.RIPE_NCC);
    assertThat(Registries.of(ip("1.1.1.1"))).hasValue(Registries.Registry.APNIC);
    assertThat(Registries.of(ip("8.8.8.8"))).hasValue(Registries.Registry.ARIN);
    assertThat(Registries.of(ip("41.0.0.1"))).hasValue(Registries.Registry.AFRINIC);
    assertThat(Registries.of(ip("2001:4860::8888"))).hasValue(Registries.Registry.ARIN);
    assertThat(Registries.of(ip("2a00:1450::1"))).hasValue(Registries.Registry.RIPE_NCC);
    assertThat(Registries.of(ip("2c0f:fb50::1"))).hasValue(Registries.Registry.AFRINIC);
    assertThat(Registries.of(ip("2800:3f0::1"))).hasValue(Registries.Registry.LACNIC);
    assertThat(Registries.of(ip("2400:cb00::1"))).hasValue(Registries.Registry.APNIC);
  }

  @Test
  void specialPurposeAndUnassignedAddressesAreNotPlaced() throws Exception {
    for (String a : new String[] {"10.1.2.3", "127.0.0.1", "100.64.0.1", "192.168.1.1", "172.16.0.1",
        "169.254.1.1", "198.51.100.7", "203.0.113.9", "192.0.2.1", "198.18.0.1", "224.0.0.1", "240.0.0.1",
        "0.1.2.3", "2001:db8::1", "fe80::1", "::1", "fd00::1"}) {
      assertThat(Registries.of(ip(a))).as(a).isEmpty();
    }
  }

  @Test
  void everyUnicastFirstOctetHasARegistryButThePrivateAndLoopbackOnes() throws Exception {
    for (int octet = 1; octet <= 223; octet++) {
      boolean special = octet == 10 || octet == 127;
      assertThat(Registries.of(ip(octet + ".1.2.3")).isPresent()).as("%d/8", octet).isEqualTo(!special);
    }
  }
}
