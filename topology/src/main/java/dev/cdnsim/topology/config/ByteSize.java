package dev.cdnsim.topology.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as people write them in config files: {@code 1024}, {@code 10KiB}, {@code 256MiB}, {@code 1GB}. */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?\\s*", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /** The number of bytes {@code text} stands for; binary units (KiB) are powers of 1024, decimal (KB) of 1000. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) throw new IllegalArgumentException("not a size (like 512KiB or 64MiB): \"" + text + "\"");
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int power = "bkmgt".indexOf(unit.charAt(0));
    double base = unit.contains("i") || unit.length() == 1 && power > 0 ? 1024 : 1000;
    double bytes = number * Math.pow(base, power);
    if (bytes > Long.MAX_VALUE / 2) throw new IllegalArgumentException("size too large: \"" + text + "\"");
    return Math.round(bytes);
  }

  /** A short human form: {@code 256 MiB}, {@code 10.0 KiB}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f %s", value, units[unit])
        : String.format(Locale.ROOT, "%.1f %s", value, units[unit]));
  }
}
