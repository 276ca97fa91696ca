package dev.cdnsim.edge.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and a private key from PEM files with messages a user can act on: which file, and
 * what it holds instead of what was expected. Bouncy Castle parses the PEM and ASN.1 (PKCS#1 and SEC1 keys
 * have no JDK reader); the JDK's own providers make the Java objects, so no security provider is installed.
 */
final class PemFileReader {
  private PemFileReader() {}

  /** The chain in {@code certificateFile} and the key in {@code keyFile} (may be the same file), checked to belong together. */
  static KeyMaterial read(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    KeyMaterial material = new KeyMaterial(key, chain);
    if (!material.keyMatchesCertificate()) {
      throw new TlsFileException(keyFile, "this " + key.getAlgorithm() + " private key does not belong to the certificate in "
          + certificateFile + " (" + chain.get(0).getSubjectX500Principal() + ", "
          + chain.get(0).getPublicKey().getAlgorithm() + " key)");
    }
    return material;
  }

  /** Every certificate in the file, in file order (leaf first, by convention); other PEM blocks are skipped. */
  static List<X509Certificate> certificates(Path file) {
    List<Object> blocks = blocks(file);
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object block : blocks) {
      if (block instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new TlsFileException(file, "certificate " + (certificates.size() + 1) + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new TlsFileException(file, "no certificate in it (expected '-----BEGIN CERTIFICATE-----'; found "
          + describe(blocks) + ")");
    }
    return certificates;
  }

  /** The one unencrypted private key in the file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC). */
  static PrivateKey privateKey(Path file) {
    List<Object> blocks = blocks(file);
    PrivateKeyInfo info = null;
    for (Object block : blocks) {
      PrivateKeyInfo found = switch (block) {
        case PrivateKeyInfo pkcs8 -> pkcs8;
        case PEMKeyPair pair -> pair.getPrivateKeyInfo();
        case PKCS8EncryptedPrivateKeyInfo ignored ->
            throw new TlsFileException(file, "the private key is encrypted; give an unencrypted one (openssl pkey -in "
                + file.getFileName() + " -out key.pem)");
        case PEMEncryptedKeyPair ignored ->
            throw new TlsFileException(file, "the private key is encrypted; give an unencrypted one (openssl pkey -in "
                + file.getFileName() + " -out key.pem)");
        default -> null;
      };
      if (found != null && info != null) throw new TlsFileException(file, "more than one private key in it; keep one");
      if (found != null) info = found;
    }
    if (info == null) {
      throw new TlsFileException(file, "no private key in it (expected '-----BEGIN PRIVATE KEY-----', "
          + "'-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----'; found " + describe(blocks) + ")");
    }
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm = keyAlgorithm(oid);
    if (algorithm == null) throw new TlsFileException(file, "unsupported private key algorithm " + oid + " (use RSA, EC or Ed25519)");
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsFileException(file, "the " + algorithm + " private key is unreadable: " + e.getMessage(), e);
    }
  }

  private static String keyAlgorithm(ASN1ObjectIdentifier oid) {
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) return "RSA";
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) return "EC";
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) return "Ed25519";
    if (oid.equals(EdECObjectIdentifiers.id_Ed448)) return "Ed448";
    return null;
  }

  private static List<Object> blocks(Path file) {
    if (Files.isDirectory(file)) throw new TlsFileException(file, "is a folder, not a PEM file");
    List<Object> blocks = new ArrayList<>();
    // ISO-8859-1 decodes any byte, so a binary (DER) file is reported as "not a PEM file", not as a charset error.
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1); PEMParser parser = new PEMParser(reader)) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) blocks.add(block);
    } catch (NoSuchFileException e) {
      throw new TlsFileException(file, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new TlsFileException(file, "cannot read it: permission denied", e);
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports a damaged block (bad base64, bad DER, unknown type) as IOException or a runtime exception.
      throw new TlsFileException(file, "not a valid PEM file: " + e.getMessage(), e);
    }
    if (blocks.isEmpty()) throw new TlsFileException(file, "not a PEM file (no '-----BEGIN ...-----' block in it"
        + (looksLikeDer(file) ? "; it looks like binary DER: convert it with openssl x509 -inform der or openssl pkey -inform der)" : ")"));
    return blocks;
  }

  private static boolean looksLikeDer(Path file) {
    try (var in = Files.newInputStream(file)) {
      return in.read() == 0x30; // an ASN.1 SEQUENCE, as every certificate and key starts
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(List<Object> blocks) {
    List<String> kinds = new ArrayList<>();
    for (Object block : blocks) {
      kinds.add(switch (block) {
        case X509CertificateHolder ignored -> "a certificate";
        case PrivateKeyInfo ignored -> "a private key";
        case PEMKeyPair ignored -> "a private key";
        case ASN1ObjectIdentifier ignored -> "EC parameters";
        case org.bouncycastle.asn1.x509.SubjectPublicKeyInfo ignored -> "a public key";
        case org.bouncycastle.pkcs.PKCS10CertificationRequest ignored -> "a certificate request";
        default -> block.getClass().getSimpleName();
      });
    }
    return String.join(", ", kinds);
  }
}
