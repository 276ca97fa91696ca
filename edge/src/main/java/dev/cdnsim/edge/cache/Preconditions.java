package dev.cdnsim.edge.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * The client's conditional-request fields evaluated against a stored response (RFC 9110 §13), so the
 * edge answers 304 from its own copy and honours {@code If-Range}. Pure.
 */
public final class Preconditions {
  private Preconditions() {}

  /**
   * Whether a GET/HEAD with these fields should get 304: {@code If-None-Match} (weak comparison) when
   * present, else {@code If-Modified-Since} against {@code Last-Modified}.
   */
  public static boolean notModified(String ifNoneMatch, String ifModifiedSince, CachedResponse stored) {
    if (ifNoneMatch != null) {
      Optional<String> etag = stored.etag();
      if (ifNoneMatch.trim().equals("*")) return true;
      if (etag.isEmpty()) return false;
      String mine = opaque(etag.get());
      for (String candidate : ifNoneMatch.split(",")) {
        if (opaque(candidate).equals(mine)) return true;
      }
      return false;
    }
    if (ifModifiedSince != null) {
      Optional<Instant> since = Freshness.date(ifModifiedSince);
      Optional<Instant> modified = stored.lastModified().flatMap(Freshness::date);
      return since.isPresent() && modified.isPresent() && !modified.get().isAfter(since.get());
    }
    return false;
  }

  /**
   * Whether a Range may be honoured given {@code If-Range} (§13.1.5): absent, or a strong ETag equal to
   * the stored one, or a date equal to the stored Last-Modified.
   */
  public static boolean rangeAllowed(String ifRange, CachedResponse stored) {
    return rangeAllowed(ifRange, stored.etag(), stored.lastModified());
  }

  /** {@link #rangeAllowed(String, CachedResponse)} for a representation with these validators. */
  public static boolean rangeAllowed(String ifRange, Optional<String> etag, Optional<String> lastModified) {
    if (ifRange == null) return true;
    String v = ifRange.trim();
    if (v.startsWith("\"")) return etag.map(e -> e.trim().equals(v)).orElse(false);
    if (v.startsWith("W/")) return false;
    Optional<Instant> date = Freshness.date(v);
    return date.isPresent() && lastModified.flatMap(Freshness::date).map(date.get()::equals).orElse(false);
  }

  private static String opaque(String tag) {
    String t = tag.trim();
    return t.startsWith("W/") ? t.substring(2) : t;
  }
}
