package dev.cdnsim.edge.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A certificate or key file that cannot be used, with a message naming the file and what is wrong with it
 * (meant to be shown to a user as is, without a stack trace).
 */
public final class TlsFileException extends UncheckedIOException {
  private final Path file;

  TlsFileException(Path file, String problem) {
    this(file, problem, null);
  }

  TlsFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause instanceof IOException io ? io : new IOException(problem, cause));
    this.file = file;
  }

  /** The file (or folder) at fault. */
  public Path file() {
    return file;
  }
}
