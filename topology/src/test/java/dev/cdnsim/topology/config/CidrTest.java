package dev.cdnsim.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void enumeratesAndContainsAddresses() throws Exception {
    Cidr block = Cidr.parse("127.101.0.0/16");
    assertThat(block.size()).isEqualTo(65_536);
    assertThat(block.addressAt(1)).isEqualTo(InetAddress.getByName("127.101.0.1"));
    assertThat(block.addressAt(258)).isEqualTo(InetAddress.getByName("127.101.1.2"));
    assertThat(block.contains(InetAddress.getByName("127.101.255.255"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("127.102.0.1"))).isFalse();
    assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").addressAt(1)).isEqualTo(InetAddress.getByName("2001:db8::1"));
  }

  @Test
  void rejectsHostNamesAndHostBits() {
    assertThatThrownBy(() -> Cidr.parse("localhost/8")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> Cidr.parse("127.101.0.1/16")).hasMessageContaining("host bits set");
    assertThatThrownBy(() -> Cidr.parse("127.101.0.0")).hasMessageContaining("not a CIDR block");
  }
}
