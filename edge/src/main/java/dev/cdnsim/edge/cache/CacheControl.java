package dev.cdnsim.edge.cache;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsed {@code Cache-Control} directives (RFC 9111 §5.2, RFC 5861), request or response side.
 *
 * <p>Parsing is lenient the way caches must be: unknown directives are ignored, a duplicated
 * directive keeps its first value, and an invalid {@code max-age}/{@code s-maxage} value counts as 0
 * (RFC 9111 §4.2.1: treat as stale). Qualified forms ({@code private="Set-Cookie"},
 * {@code no-cache="X"}) are treated as their unqualified, stricter form.
 *
 * @param maxStale {@code Long.MAX_VALUE} when {@code max-stale} has no value (any staleness)
 */
public record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic,
    OptionalLong maxAge, OptionalLong sMaxAge, boolean mustRevalidate, boolean proxyRevalidate,
    OptionalLong staleWhileRevalidate, OptionalLong staleIfError,
    OptionalLong maxStale, OptionalLong minFresh, boolean onlyIfCached, boolean present) {

  public static final CacheControl NONE = parse(null);

  /** Largest delta-seconds honoured (RFC 9111 §1.2.2: 2^31). */
  static final long MAX_DELTA = 2_147_483_648L;

  /** Parses one field value (several field lines joined with commas); {@code null} means absent. */
  public static CacheControl parse(String value) {
    if ((value == null || value.isEmpty()) && NONE != null) return NONE; // the common request: no allocation
    Map<String, String> d = directives(value);
    return new CacheControl(
        d.containsKey("no-store"), d.containsKey("no-cache"), d.containsKey("private"), d.containsKey("public"),
        seconds(d, "max-age", 0), seconds(d, "s-maxage", 0), d.containsKey("must-revalidate"),
        d.containsKey("proxy-revalidate"), seconds(d, "stale-while-revalidate", 0),
        seconds(d, "stale-if-error", 0), seconds(d, "max-stale", Long.MAX_VALUE), seconds(d, "min-fresh", 0),
        d.containsKey("only-if-cached"), !d.isEmpty());
  }

  private static OptionalLong seconds(Map<String, String> d, String name, long whenNoValue) {
    if (!d.containsKey(name)) return OptionalLong.empty();
    String v = d.get(name);
    if (v == null) return OptionalLong.of(whenNoValue);
    if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) return OptionalLong.of(0);
    if (v.length() > 10) return OptionalLong.of(MAX_DELTA);
    return OptionalLong.of(Math.min(Long.parseLong(v), MAX_DELTA));
  }

  private static Map<String, String> directives(String value) {
    Map<String, String> out = new HashMap<>();
    if (value == null) return out;
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) i++;
      int start = i;
      while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',') i++;
      String name = value.substring(start, i).trim().toLowerCase(Locale.ROOT);
      String arg = null;
      if (i < n && value.charAt(i) == '=') {
        i++;
        if (i < n && value.charAt(i) == '"') {
          int close = value.indexOf('"', i + 1);
          if (close < 0) close = n;
          arg = value.substring(i + 1, close);
          i = Math.min(n, close + 1);
          while (i < n && value.charAt(i) != ',') i++;
        } else {
          int s = i;
          while (i < n && value.charAt(i) != ',') i++;
          arg = value.substring(s, i).trim();
        }
      }
      if (!name.isEmpty()) out.putIfAbsent(name, arg);
    }
    return out;
  }
}
