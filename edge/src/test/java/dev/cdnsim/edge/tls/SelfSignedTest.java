package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final SubjectNames SEOUL = SubjectNames.of(List.of("127.0.1.1", "localhost", "www.cdn.test"));

  @TempDir Path dir;

  private SelfSigned seoul(SubjectNames names) {
    return new SelfSigned(dir.resolve("tls"), "seoul", names);
  }

  @Test
  void makesAndKeepsAKeyAndACertificateNamingTheEdge() throws Exception {
    SelfSigned source = seoul(SEOUL);

    KeyMaterial made = source.load(CLOCK);

    X509Certificate cert = made.certificate();
    assertThat(made.names()).isEqualTo(SEOUL);
    assertThat(made.keyMatchesCertificate()).isTrue();
    cert.verify(cert.getPublicKey()); // self-signed
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cdnsim seoul,O=cdnsim self-signed");
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(SelfSignedIssuer.BACKDATE));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(SelfSignedIssuer.VALIDITY));
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(Files.readString(source.certificateFile())).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(Files.readString(source.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(source.keyFile()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(source.certificateFile()))).isEqualTo("rw-r--r--");
    assertThat(new PemFiles(source.certificateFile(), source.keyFile()).load(CLOCK)).isEqualTo(made);
  }

  @Test
  void reusesTheKeptCertificateOnTheNextStart() {
    KeyMaterial first = seoul(SEOUL).load(CLOCK);

    KeyMaterial second = seoul(SUBJECT_IN_OTHER_ORDER).load(Clock.offset(CLOCK, Duration.ofDays(100)));

    assertThat(second).isEqualTo(first);
  }

  private static final SubjectNames SUBJECT_IN_OTHER_ORDER = SubjectNames.of(List.of("www.cdn.test", "localhost", "127.0.1.1"));

  @Test
  void makesANewOneWhenTheNamesChanged() {
    KeyMaterial first = seoul(SEOUL).load(CLOCK);
    SubjectNames moved = SubjectNames.of(List.of("127.0.1.2", "localhost", "www.cdn.test"));

    KeyMaterial second = seoul(moved).load(CLOCK);

    assertThat(second.names()).isEqualTo(moved);
    assertThat(second.privateKey()).isNotEqualTo(first.privateKey());
    assertThat(seoul(moved).load(CLOCK)).isEqualTo(second);
  }

  @Test
  void makesANewOneMonthBeforeItExpires() {
    KeyMaterial first = seoul(SEOUL).load(CLOCK);
    Instant renewal = first.certificate().getNotAfter().toInstant().minus(SelfSigned.RENEW_BEFORE);

    assertThat(seoul(SEOUL).load(Clock.fixed(renewal.minusSeconds(1), ZoneOffset.UTC))).isEqualTo(first);
    KeyMaterial renewed = seoul(SEOUL).load(Clock.fixed(renewal.plusSeconds(1), ZoneOffset.UTC));

    assertThat(renewed).isNotEqualTo(first);
    assertThat(renewed.certificate().getNotBefore().toInstant()).isEqualTo(renewal.plusSeconds(1).minus(SelfSignedIssuer.BACKDATE));
  }

  @Test
  void saysWhyItRenews() {
    KeyMaterial kept = new SelfSignedIssuer(CLOCK, new java.security.SecureRandom()).issue("t", SEOUL);
    SubjectNames other = SubjectNames.of(List.of("localhost"));

    assertThat(SelfSigned.reasonToRenew(kept, SEOUL, NOW)).isEmpty();
    assertThat(SelfSigned.reasonToRenew(kept, other, NOW))
        .hasValue("it names DNS:localhost, DNS:www.cdn.test, IP Address:127.0.1.1, not DNS:localhost");
    assertThat(SelfSigned.reasonToRenew(kept, SEOUL, NOW.minus(Duration.ofDays(1))))
        .hasValue("it is not valid before 2026-03-01T11:00:00Z");
    assertThat(SelfSigned.reasonToRenew(kept, SEOUL, NOW.plus(Duration.ofDays(380)))).hasValueSatisfying(r -> r.startsWith("it expires at"));
  }

  @Test
  void replacesADamagedOrHalfKeptPair() throws IOException {
    SelfSigned source = seoul(SEOUL);
    KeyMaterial first = source.load(CLOCK);
    Files.writeString(source.keyFile(), "garbage");

    KeyMaterial second = source.load(CLOCK);
    Files.delete(source.certificateFile());
    KeyMaterial third = source.load(CLOCK);

    assertThat(second).isNotEqualTo(first);
    assertThat(third).isNotEqualTo(second);
    assertThat(source.load(CLOCK)).isEqualTo(third);
  }

  @Test
  void aFileWhereTheFolderShouldBeIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("tls"), "not a folder");

    assertThatThrownBy(() -> seoul(SEOUL).load(CLOCK))
        .isInstanceOf(TlsFileException.class)
        .hasMessage(file + ": is a file; a folder is needed for the self-signed certificate");
  }

  @Test
  void refusesANameThatIsNoFileName() {
    assertThatThrownBy(() -> new SelfSigned(dir, "../etc", SEOUL)).hasMessageContaining("it names files");
  }
}
