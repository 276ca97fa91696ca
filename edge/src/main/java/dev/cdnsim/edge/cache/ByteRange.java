package dev.cdnsim.edge.cache;

import java.util.Optional;

/**
 * A single satisfiable byte range of a representation of known length (RFC 9110 §14.1.2).
 *
 * @param first first byte offset, inclusive
 * @param last  last byte offset, inclusive
 */
public record ByteRange(long first, long last) {

  /** What a {@code Range} field asks of a representation of {@code length} bytes. */
  public sealed interface Request permits Whole, Partial, Unsatisfiable {}

  /** Serve the whole representation: no Range, not bytes, several ranges, or a syntax error (§14.2 allows ignoring). */
  public record Whole() implements Request {}

  /** Serve this one range as 206. */
  public record Partial(ByteRange range) implements Request {}

  /** The range lies outside the representation: 416. */
  public record Unsatisfiable() implements Request {}

  /**
   * How a representation of {@code length} bytes, whole sent as {@code wholeStatus}, answers a request: its status
   * (206 for a range, 416 when unsatisfiable), the bytes it sends from {@code first}, and its {@code Content-Range}
   * (null for the whole).
   */
  public record Answer(int status, long first, long count, String contentRange) {
    public static Answer of(Request asked, int wholeStatus, long length) {
      return switch (asked) {
        case Partial p -> new Answer(206, p.range().first(), p.range().length(),
            "bytes " + p.range().first() + "-" + p.range().last() + "/" + length);
        case Unsatisfiable u -> new Answer(416, 0, 0, "bytes */" + length);
        case Whole w -> new Answer(wholeStatus, 0, length, null);
      };
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** Interprets {@code value} (may be null) against a representation of {@code length} bytes. */
  public static Request parse(String value, long length) {
    if (value == null) return new Whole();
    String v = value.trim();
    if (!v.regionMatches(true, 0, "bytes=", 0, 6)) return new Whole();
    String spec = v.substring(6).trim();
    if (spec.contains(",")) return new Whole();
    int dash = spec.indexOf('-');
    if (dash < 0) return new Whole();
    Optional<Long> a = number(spec.substring(0, dash).trim());
    Optional<Long> b = number(spec.substring(dash + 1).trim());
    if (spec.substring(0, dash).isBlank()) {
      if (b.isEmpty()) return new Whole();
      long suffix = b.get();
      if (suffix == 0 || length == 0) return new Unsatisfiable();
      return new Partial(new ByteRange(Math.max(0, length - suffix), length - 1));
    }
    if (a.isEmpty()) return new Whole();
    if (!spec.substring(dash + 1).isBlank() && (b.isEmpty() || b.get() < a.get())) return new Whole();
    if (a.get() >= length) return new Unsatisfiable();
    long last = b.map(x -> Math.min(x, length - 1)).orElse(length - 1);
    return new Partial(new ByteRange(a.get(), last));
  }

  private static Optional<Long> number(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) return Optional.empty();
    return Optional.of(Long.parseLong(s));
  }
}
