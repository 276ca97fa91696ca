package dev.cdnsim.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The options files of a command line ({@code cdnsim edge @edge.conf}, picocli's argument files): picocli takes an
 * {@code @file} it cannot read as a plain argument, and its errors never say which file an option came from. Pure
 * reading of the files named; used only to word a usage error.
 */
final class OptionsFiles {
  private OptionsFiles() {}

  /** Why the first {@code @file} of {@code args} cannot be read, naming it; empty when every one can. */
  static Optional<String> unreadable(String[] args) {
    for (Path file : files(args)) {
      if (!Files.exists(file)) return Optional.of(file + ": no such options file");
      if (!Files.isReadable(file) || Files.isDirectory(file)) return Optional.of(file + ": cannot read this options file");
    }
    return Optional.empty();
  }

  /** The {@code @file} of {@code args} with a line that gives one of {@code options} (names like {@code --origin}). */
  static Optional<Path> giving(String[] args, Collection<String> options) {
    for (Path file : files(args)) {
      try {
        for (String line : Files.readAllLines(file)) {
          String option = line.strip().split("[\\s=]", 2)[0];
          if (!option.isEmpty() && options.contains(option)) return Optional.of(file);
        }
      } catch (IOException | RuntimeException unreadable) {
        // worded by unreadable(), or not worth more than the plain message
      }
    }
    return Optional.empty();
  }

  private static List<Path> files(String[] args) {
    return java.util.Arrays.stream(args).filter(a -> a.length() > 1 && a.startsWith("@"))
        .map(a -> Path.of(a.substring(1))).toList();
  }
}
