package dev.cdnsim.topology.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses (and writes) spans of time as topology files and the command line write them: {@code 500ms}, {@code 2s},
 * {@code 1.5s}, {@code 1m}, {@code 2h}, or ISO-8601 ({@code PT2S}).
 */
public final class DurationText {
  private DurationText() {}

  /** The positive duration {@code text} denotes; fails on anything else, naming the text. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (t.startsWith("pt")) d = Duration.parse(t);
      else if (t.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      else if (t.endsWith("s")) d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      else if (t.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      else if (t.endsWith("h")) d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      else throw new IllegalArgumentException();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException("must be a duration like 500ms, 2s, 1h or PT2S, was \"" + text + "\"");
    }
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("must be positive, was \"" + text + "\"");
    return d;
  }

  /** {@code d} as {@link #parse} reads it back, to the millisecond: {@code 2s}, {@code 1500ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
