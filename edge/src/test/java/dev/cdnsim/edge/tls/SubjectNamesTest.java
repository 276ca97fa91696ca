package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectNamesTest {
  @Test
  void sortsLowerCasesAndDropsDuplicatesSoOrderDoesNotMatter() {
    SubjectNames a = SubjectNames.of(List.of("WWW.cdn.test.", "127.0.1.1", "localhost", "::1", "www.cdn.test"));
    SubjectNames b = SubjectNames.of(List.of("::1", "localhost", "127.0.1.1", "www.cdn.test"));

    assertThat(a).isEqualTo(b);
    assertThat(a.dnsNames()).containsExactly("localhost", "www.cdn.test");
    assertThat(a.addresses()).extracting(InetAddress::getHostAddress).containsExactly("0:0:0:0:0:0:0:1", "127.0.1.1");
    assertThat(a).hasToString("DNS:localhost, DNS:www.cdn.test, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.1.1");
  }

  @Test
  void anotherNameMakesAnotherSet() {
    assertThat(SubjectNames.of(List.of("localhost", "127.0.1.1"))).isNotEqualTo(SubjectNames.of(List.of("localhost", "127.0.2.1")));
  }

  @Test
  void anEdgeIsNamedByItsAddressLocalhostAndItsServiceNames() throws Exception {
    SubjectNames names = SubjectNames.forEdge(InetAddress.getByName("127.0.1.1"), List.of("www.cdn.test"));

    assertThat(names).isEqualTo(SubjectNames.of(List.of("127.0.1.1", "localhost", "www.cdn.test")));
  }

  @Test
  void anEdgeOnTheWildcardAddressIsNamedByEveryLocalAddress() throws Exception {
    SubjectNames names = SubjectNames.forEdge(InetAddress.getByName("0.0.0.0"), List.of());

    assertThat(names.addresses()).contains(InetAddress.getByName("127.0.0.1"));
    assertThat(names.dnsNames()).containsExactly("localhost");
  }

  @Test
  void acceptsWildcardNamesAndRefusesWhatIsNoDnsName() {
    assertThat(SubjectNames.of(List.of("*.cdn.test")).dnsNames()).containsExactly("*.cdn.test");

    assertThatThrownBy(() -> SubjectNames.of(List.of("under_score.test"))).hasMessage("not a DNS name: 'under_score.test'");
    assertThatThrownBy(() -> SubjectNames.of(List.of("a..b"))).hasMessage("not a DNS name: 'a..b'");
    assertThatThrownBy(() -> SubjectNames.of(List.of())).hasMessage("a certificate must name something");
  }

  @Test
  void readsTheNamesOfACertificate() {
    X509Names made = new X509Names();

    assertThat(SubjectNames.of(made.certificate)).isEqualTo(made.names);
  }

  /** A certificate made for known names. */
  private static final class X509Names {
    final SubjectNames names = SubjectNames.of(List.of("www.cdn.test", "localhost", "127.0.1.1", "::1"));
    final java.security.cert.X509Certificate certificate =
        new SelfSignedIssuer(java.time.Clock.systemUTC(), new java.security.SecureRandom()).issue("t", names).certificate();
  }
}
