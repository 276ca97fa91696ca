package dev.cdnsim.edge.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made in the test, written in the PEM shapes that openssl and CAs hand out. */
final class TestKeys {
  private TestKeys() {}

  static KeyPair rsa() {
    return generate("RSA", null);
  }

  static KeyPair ec() {
    return generate("EC", new ECGenParameterSpec("secp256r1"));
  }

  /** A certificate for {@code subject}'s key naming {@code dns} and 127.0.0.1, signed by {@code issuer} (self-signed when the same). */
  static X509Certificate certificate(KeyPair subject, String cn, KeyPair issuer, String issuerCn, String dns) {
    return certificate(subject, cn, issuer, issuerCn, dns, false);
  }

  /** A self-signed certificate authority (basicConstraints CA:TRUE). */
  static X509Certificate authority(KeyPair pair, String cn) {
    return certificate(pair, cn, pair, cn, cn, true);
  }

  private static X509Certificate certificate(KeyPair subject, String cn, KeyPair issuer, String issuerCn, String dns,
      boolean authority) {
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn), BigInteger.TEN,
          Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), new X500Name("CN=" + cn),
          subject.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, dns), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      if (authority) builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      String algorithm = issuer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate selfSigned(KeyPair pair, String dns) {
    return certificate(pair, dns, pair, dns, dns);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static String pem(X509Certificate... chain) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate c : List.of(chain)) {
      try {
        text.append(pem("CERTIFICATE", c.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return text.toString();
  }

  /** {@code BEGIN PRIVATE KEY}, as openssl genpkey writes it. */
  static String pkcs8(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** {@code BEGIN RSA PRIVATE KEY}, as openssl genrsa (before 3.0) writes it. */
  static String pkcs1(PrivateKey rsa) {
    try {
      return pem("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(rsa.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY}, as openssl ecparam -genkey writes them. */
  static String sec1(PrivateKey ec) {
    try {
      int bits = ((ECPrivateKey) ec).getParams().getOrder().bitLength();
      byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(bits, ((ECPrivateKey) ec).getS(), SECObjectIdentifiers.secp256r1)
          .getEncoded();
      return pem("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()) + pem("EC PRIVATE KEY", sec1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code BEGIN ENCRYPTED PRIVATE KEY} as openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES writes it; only its shape
   * matters here (the reader refuses it before decrypting), so the "ciphertext" is the key itself.
   */
  static String encrypted(PrivateKey key) {
    try {
      var algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
          new PKCS12PBEParams(new byte[8], 2048));
      return pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(algorithm, key.getEncoded()).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) generator.initialize(spec);
      else generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
