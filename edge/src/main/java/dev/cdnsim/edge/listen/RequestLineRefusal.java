package dev.cdnsim.edge.listen;

import dev.cdnsim.edge.fetch.TokenChars;
import io.undertow.server.protocol.http.HttpRequestParser;

/**
 * Says in words what is wrong with a request line that Undertow's parser refused, judged as RFC 9112 §3 reads one:
 * a method (a token), a single space, a target (the characters Undertow takes in one), a single space and an HTTP
 * version. Undertow refuses such lines with a bare 400; the edge answers with this reason, or with 505 for a version
 * it does not speak.
 */
final class RequestLineRefusal {
  private static final String SHAPE =
      "a request line that is not a method, a target and an HTTP version apart by single spaces";

  private RequestLineRefusal() {
  }

  /**
   * What is wrong with the request line of {@code length} bytes whose first bytes are {@code kept} (CRs left out, cut
   * at {@link FieldLineCheck#MAX_REQUEST_LINE}) and whose last eight bytes are {@code lastEight}; null when it is
   * well-formed, or when what is wrong lies in the part that was cut.
   */
  static Refusal of(String kept, int length, String lastEight) {
    int methodEnd = kept.indexOf(' ');
    if (methodEnd <= 0) return kept.isEmpty() ? null : Refusal.malformed(SHAPE);
    for (int i = 0; i < methodEnd; i++) {
      if (!TokenChars.contains(kept.charAt(i))) {
        return Refusal.malformed("a method with a character that is not allowed");
      }
    }
    boolean whole = length <= kept.length();
    int targetEnd = whole ? kept.lastIndexOf(' ') : kept.length();
    String version = whole ? kept.substring(targetEnd + 1) : lastEight.indexOf(' ') < 0 ? lastEight : "";
    if (targetEnd <= methodEnd + 1) return Refusal.malformed(SHAPE);   // one space (no target or no version), or two
    for (int i = methodEnd + 1; i < targetEnd; i++) {
      char c = kept.charAt(i);
      if (c == ' ' || c == '\t') return Refusal.malformed(SHAPE);
      if (!HttpRequestParser.isTargetCharacterAllowed(c)) {
        return Refusal.malformed("a request target with a character that is not allowed (" + shown(c)
            + "); percent-encode it");
      }
    }
    if (version.isEmpty()) return whole ? Refusal.malformed(SHAPE) : null;
    if (!isVersion(version)) {
      return Refusal.malformed("an HTTP version that is not of the form HTTP/1.1");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) return Refusal.version(version);
    return null;
  }

  /** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive. */
  private static boolean isVersion(String v) {
    return v.length() == 8 && v.startsWith("HTTP/") && digit(v.charAt(5)) && v.charAt(6) == '.' && digit(v.charAt(7));
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String shown(char c) {
    return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("0x%02X", (int) c);
  }
}
