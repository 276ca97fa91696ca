package dev.cdnsim.origin;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Evaluates a GET or HEAD's conditional headers against an object (RFC 9110 §13.2.2): when
 * {@code If-None-Match} is present it alone decides, by weak comparison; otherwise
 * {@code If-Modified-Since} does.
 */
final class Preconditions {
  private Preconditions() {}

  /** True when the client's copy is current, so the answer is 304 Not Modified. */
  static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
    if (ifNoneMatch != null) return matchesAny(ifNoneMatch, etag);
    if (ifModifiedSince == null) return false;
    try {
      Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false; // an invalid date is ignored (RFC 9110 §13.1.3)
    }
  }

  private static boolean matchesAny(String ifNoneMatch, String etag) {
    String opaque = stripWeak(etag);
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || stripWeak(tag).equals(opaque)) return true;
    }
    return false;
  }

  private static String stripWeak(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
