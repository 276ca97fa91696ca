package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

/**
 * A class of catalog objects served under one path prefix with one {@code Cache-Control}, e.g. long-lived
 * static files under {@code /static/} and short-lived news under {@code /news/}: object {@code n} of the class
 * is at {@code prefix + n}.
 *
 * @param prefix       starts and ends with {@code /}
 * @param cacheControl the field's value, or empty for none
 */
public record ContentClass(String prefix, String cacheControl) {
  public ContentClass {
    requireNonNull(prefix, "prefix");
    requireNonNull(cacheControl, "cacheControl");
    if (!prefix.matches("/([A-Za-z0-9._~-]+/)+")) {
      throw new IllegalArgumentException("prefix must look like /name/ (letters, digits, . _ ~ -), was \"" + prefix + "\"");
    }
    if (prefix.startsWith("/api/") || prefix.startsWith("/_")) {
      throw new IllegalArgumentException("prefix " + prefix + " is taken by the origin's own routes");
    }
    if (cacheControl.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("cacheControl must be printable ASCII");
    }
  }
}
