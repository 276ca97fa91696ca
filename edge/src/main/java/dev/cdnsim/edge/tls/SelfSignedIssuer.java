package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a self-signed server certificate with an EC P-256 key for a set of names. Keys and serial numbers
 * come from a {@link SecureRandom}, not a seeded one: they guard a listening socket.
 */
final class SelfSignedIssuer {
  /** How long a new certificate is valid (the longest browsers accept for a server certificate). */
  static final Duration VALIDITY = Duration.ofDays(397);
  /** Backdating, so that a client whose clock is a little behind ours accepts a brand-new certificate. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private final Clock clock;
  private final SecureRandom random;

  SelfSignedIssuer(Clock clock, SecureRandom random) {
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  /** A new key and a certificate for it naming {@code names}, with {@code commonName} as its subject CN. */
  KeyMaterial issue(String commonName, SubjectNames names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "cdnsim self-signed")
          .addRDN(BCStyle.CN, commonName)
          .build();
      Instant now = clock.instant();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).add(BigInteger.ONE),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(pair.getPrivate())));
      return new KeyMaterial(pair.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      // The JDK always has EC P-256 and SHA-256 with ECDSA; failing here is a broken runtime, not a user mistake.
      throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames generalNames(SubjectNames names) {
    List<GeneralName> all = new ArrayList<>();
    for (String dns : names.dnsNames()) all.add(new GeneralName(GeneralName.dNSName, dns));
    for (InetAddress ip : names.addresses()) all.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
    return new GeneralNames(all.toArray(GeneralName[]::new));
  }
}
