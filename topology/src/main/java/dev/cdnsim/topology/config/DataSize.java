package dev.cdnsim.topology.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats amounts of bytes such as {@code 256MiB}: a whole number with an optional
 * unit, binary ({@code KiB MiB GiB TiB}), decimal ({@code kB MB GB TB}) or {@code B}.
 */
public final class DataSize {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};

  private DataSize() {}

  /** Returns the bytes {@code text} denotes; fails on anything else, naming the text. */
  public static long parse(String text) {
    Matcher matcher = AMOUNT.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not an amount of bytes: '" + text + "' (e.g. 64MiB)");
    }
    long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      case "tib" -> 1L << 40;
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "tb" -> 1_000_000_000_000L;
      default -> throw new IllegalArgumentException("unknown unit in '" + text + "': use B, KiB, MiB, GiB, TiB, kB, MB, GB or TB");
    };
    try {
      return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("too many bytes: '" + text + "'", e);
    }
  }

  /** Formats {@code bytes} in the largest binary unit that divides it exactly, e.g. {@code 64MiB}. */
  public static String format(long bytes) {
    int unit = 0;
    long amount = bytes;
    while (unit < BINARY.length - 1 && amount != 0 && amount % 1024 == 0) {
      amount /= 1024;
      unit++;
    }
    return amount + BINARY[unit];
  }

  /** Formats {@code bytes} to three significant figures in a binary unit, e.g. {@code 16.1 GiB}. */
  public static String approximate(long bytes) {
    int unit = 0;
    double amount = bytes;
    while (unit < BINARY.length - 1 && amount >= 1024) {
      amount /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, amount < 100 ? "%.3g %s" : "%.0f %s", amount, BINARY[unit]);
  }
}
