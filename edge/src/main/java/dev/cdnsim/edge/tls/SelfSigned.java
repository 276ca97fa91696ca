package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A self-signed certificate kept in {@code directory} as {@code NAME.crt} and {@code NAME.key} (PEM, the key
 * PKCS#8 and readable by its owner only). Made at the first start; reused on later starts while it names
 * exactly {@code names} and is valid for at least {@link #RENEW_BEFORE} more; made anew otherwise. Clients
 * trust it with, e.g., {@code curl --cacert DIRECTORY/NAME.crt}.
 *
 * @param directory where the two files live; created when missing
 * @param name      the files' base name and the certificate's CN, e.g. the edge's id
 * @param names     what the certificate must name (see {@link SubjectNames#forEdge})
 */
public record SelfSigned(Path directory, String name, SubjectNames names) implements CertificateSource {
  /** A certificate with less validity left than this is replaced at start. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final System.Logger LOG = System.getLogger(SelfSigned.class.getName());
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public SelfSigned {
    requireNonNull(directory, "directory");
    requireNonNull(names, "names");
    requireNonNull(name, "name");
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-' (it names files), was '" + name + "'");
    }
  }

  public Path certificateFile() {
    return directory.resolve(name + ".crt");
  }

  public Path keyFile() {
    return directory.resolve(name + ".key");
  }

  /** The kept certificate when it still fits, else a new one, written before it is returned. */
  @Override
  public KeyMaterial load(Clock clock) {
    Optional<KeyMaterial> kept = kept(clock);
    if (kept.isPresent()) return kept.get();
    KeyMaterial fresh = new SelfSignedIssuer(clock, new SecureRandom()).issue("cdnsim " + name, names);
    write(fresh);
    LOG.log(Level.INFO, "made a self-signed certificate {0} for {1}, valid until {2}", certificateFile(), names,
        fresh.certificate().getNotAfter().toInstant());
    return fresh;
  }

  /** Why the kept pair can't be reused, or empty when it can (pure: for tests and the log). */
  static Optional<String> reasonToRenew(KeyMaterial kept, SubjectNames wanted, Instant now) {
    X509Certificate leaf = kept.certificate();
    SubjectNames has = kept.names();
    if (!has.equals(wanted)) return Optional.of("it names " + has + ", not " + wanted);
    if (now.isBefore(leaf.getNotBefore().toInstant())) return Optional.of("it is not valid before " + leaf.getNotBefore().toInstant());
    if (now.plus(RENEW_BEFORE).isAfter(leaf.getNotAfter().toInstant())) {
      return Optional.of("it expires at " + leaf.getNotAfter().toInstant());
    }
    return Optional.empty();
  }

  private Optional<KeyMaterial> kept(Clock clock) {
    if (!Files.exists(certificateFile()) && !Files.exists(keyFile())) return Optional.empty();
    KeyMaterial kept;
    try {
      kept = PemFileReader.read(certificateFile(), keyFile());
    } catch (TlsFileException e) {
      LOG.log(Level.WARNING, "{0}; making a new self-signed certificate", e.getMessage());
      return Optional.empty();
    }
    Optional<String> reason;
    try {
      reason = reasonToRenew(kept, names, clock.instant());
    } catch (IllegalArgumentException e) {
      reason = Optional.of(e.getMessage());
    }
    if (reason.isEmpty()) return Optional.of(kept);
    LOG.log(Level.INFO, "{0}: making a new self-signed certificate: {1}", certificateFile(), reason.get());
    return Optional.empty();
  }

  private void write(KeyMaterial material) {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new TlsFileException(directory, "is a file; a folder is needed for the self-signed certificate", e);
    } catch (IOException e) {
      throw new TlsFileException(directory, "cannot create the folder: " + describe(e), e);
    }
    try {
      writeAtomically(keyFile(), pem("PRIVATE KEY", material.privateKey().getEncoded()), true);
      writeAtomically(certificateFile(), pem("CERTIFICATE", material.certificate().getEncoded()), false);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate just made", e);
    }
  }

  private void writeAtomically(Path target, String text, boolean secret) {
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + name, ".tmp");
      // A temporary file is owner-only; the certificate is public and clients (curl --cacert) read it.
      if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
      }
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      // Atomic: a concurrent or interrupted start never sees half a file.
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // the write already failed; that is what we report
        }
      }
      throw new TlsFileException(target, "cannot write it: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName() + " " + e.getMessage();
  }

  private static String pem(String type, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }
}
