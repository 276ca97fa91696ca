package dev.cdnsim.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private static KeyPair rsa;
  private static KeyPair ec;
  private static X509Certificate rsaCert;
  private static X509Certificate ecCert;

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    rsa = TestKeys.rsa();
    ec = TestKeys.ec();
    rsaCert = TestKeys.selfSigned(rsa, "rsa.cdn.test");
    ecCert = TestKeys.selfSigned(ec, "ec.cdn.test");
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private KeyMaterial load(Path cert, Path key) {
    return new PemFiles(cert, key).load(CLOCK);
  }

  @Test
  void readsRsaPkcs8() throws IOException {
    KeyMaterial m = load(file("c.pem", TestKeys.pem(rsaCert)), file("k.pem", TestKeys.pkcs8(rsa.getPrivate())));

    assertThat(m.certificate()).isEqualTo(rsaCert);
    assertThat(m.privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(m.privateKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    assertThat(m.names().dnsNames()).containsExactly("rsa.cdn.test");
  }

  @Test
  void readsRsaPkcs1() throws IOException {
    KeyMaterial m = load(file("c.pem", TestKeys.pem(rsaCert)), file("k.pem", TestKeys.pkcs1(rsa.getPrivate())));

    assertThat(m.privateKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    assertThat(m.keyMatchesCertificate()).isTrue();
  }

  @Test
  void readsEcSec1AfterItsParameters() throws IOException {
    KeyMaterial m = load(file("c.pem", TestKeys.pem(ecCert)), file("k.pem", TestKeys.sec1(ec.getPrivate())));

    assertThat(m.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(m.keyMatchesCertificate()).isTrue();
  }

  @Test
  void readsKeyAndCertificateFromOneFile() throws IOException {
    Path both = file("both.pem", TestKeys.pkcs8(ec.getPrivate()) + TestKeys.pem(ecCert));

    assertThat(load(both, both).certificate()).isEqualTo(ecCert);
  }

  @Test
  void keepsTheChainInFileOrder() throws IOException {
    KeyPair leafKey = TestKeys.ec();
    X509Certificate leaf = TestKeys.certificate(leafKey, "www.cdn.test", rsa, "rsa.cdn.test", "www.cdn.test");

    KeyMaterial m = load(file("chain.pem", TestKeys.pem(leaf, rsaCert)), file("k.pem", TestKeys.pkcs8(leafKey.getPrivate())));

    assertThat(m.chain()).containsExactly(leaf, rsaCert);
    assertThat(m.serverContext().getProtocol()).isEqualTo("TLS");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws IOException {
    Path cert = file("edge.crt", TestKeys.pem(rsaCert));
    Path key = file("other.key", TestKeys.pkcs8(TestKeys.rsa().getPrivate()));

    assertThatThrownBy(() -> load(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith(key + ": this RSA private key does not belong to the certificate in " + cert)
        .extracting(e -> ((TlsFileException) e).file()).isEqualTo(key);
  }

  @Test
  void aKeyOfAnotherAlgorithmIsRefused() throws IOException {
    Path cert = file("edge.crt", TestKeys.pem(rsaCert));
    Path key = file("edge.key", TestKeys.pkcs8(ec.getPrivate()));

    assertThatThrownBy(() -> load(cert, key)).hasMessageContaining("EC private key does not belong").hasMessageEndingWith("RSA key)");
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Path key = file("k.pem", TestKeys.pkcs8(rsa.getPrivate()));

    assertThatThrownBy(() -> load(dir.resolve("nope.crt"), key)).hasMessage(dir.resolve("nope.crt") + ": no such file");
  }

  @Test
  void filesGivenTheWrongWayRoundSayWhatTheyHold() throws IOException {
    Path cert = file("c.pem", TestKeys.pem(rsaCert));
    Path key = file("k.pem", TestKeys.pkcs1(rsa.getPrivate()));

    assertThatThrownBy(() -> load(key, cert))
        .hasMessage(key + ": no certificate in it (expected '-----BEGIN CERTIFICATE-----'; found a private key)");
    assertThatThrownBy(() -> load(cert, cert)).hasMessageStartingWith(cert + ": no private key in it").hasMessageEndingWith("found a certificate)");
  }

  @Test
  void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws IOException {
    Path cert = file("c.pem", TestKeys.pem(rsaCert));
    Path key = file("k.pem", TestKeys.encrypted(rsa.getPrivate()));

    assertThatThrownBy(() -> load(cert, key)).hasMessageContaining(key + ": the private key is encrypted").hasMessageContaining("openssl pkey");
  }

  @Test
  void somethingElseThanPemIsRefused() throws Exception {
    Path der = Files.write(dir.resolve("c.der"), rsaCert.getEncoded());
    Path empty = file("empty.pem", "");
    Path damaged = file("damaged.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> load(der, der)).hasMessageStartingWith(der + ": not a PEM file");
    assertThatThrownBy(() -> load(empty, empty)).hasMessageStartingWith(empty + ": not a PEM file");
    assertThatThrownBy(() -> load(damaged, damaged)).hasMessageStartingWith(damaged + ": not a valid PEM file");
    assertThatThrownBy(() -> load(dir, dir)).hasMessage(dir + ": is a folder, not a PEM file");
  }

  @Test
  void twoKeysInOneFileAreRefused() throws IOException {
    Path cert = file("c.pem", TestKeys.pem(rsaCert));
    Path key = file("k.pem", TestKeys.pkcs8(rsa.getPrivate()) + TestKeys.pkcs8(ec.getPrivate()));

    assertThatThrownBy(() -> load(cert, key)).hasMessage(key + ": more than one private key in it; keep one");
  }
}
