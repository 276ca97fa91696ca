package dev.cdnsim.edge.balance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cookie affinity: an opaque, HttpOnly route cookie whose value is an HMAC-SHA256 token of the pool
 * and replica id under a secret key, so it reveals neither the replica's address nor its name and
 * cannot be forged to reach a chosen replica. Tokens are computed once; reading a request's cookie
 * allocates nothing.
 */
final class RouteCookie implements Affinity {
  private final String name;
  private final String[] tokens;
  private final Optional<String>[] setCookies;

  @SuppressWarnings("unchecked")
  RouteCookie(String name, byte[] key, String pool, List<Replica> replicas) {
    this.name = name;
    this.tokens = new String[replicas.size()];
    this.setCookies = new Optional[replicas.size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = token(key, pool + "\n" + replicas.get(i).id());
      setCookies[i] = Optional.of(name + "=" + tokens[i] + "; Path=/; HttpOnly; SameSite=Lax");
    }
  }

  /** The first 128 bits of HMAC-SHA256({@code key}, {@code text}), base64url without padding. */
  static String token(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(text.getBytes(UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  @Override
  public int pinned(RequestInfo request) {
    String cookies = request.cookies();
    int from = 0;
    while (from < cookies.length()) {
      int at = cookies.indexOf(name, from);
      if (at < 0) return -1;
      int value = at + name.length();
      boolean startsPair = at == 0 || cookies.charAt(at - 1) == ' ' || cookies.charAt(at - 1) == ';';
      if (startsPair && value < cookies.length() && cookies.charAt(value) == '=') {
        int end = cookies.indexOf(';', value);
        int length = (end < 0 ? cookies.length() : end) - value - 1;
        for (int i = 0; i < tokens.length; i++) {
          if (tokens[i].length() == length && cookies.regionMatches(value + 1, tokens[i], 0, length)) return i;
        }
        return -1;
      }
      from = value;
    }
    return -1;
  }

  @Override
  public Optional<String> pin(RequestInfo request, int member) {
    return setCookies[member];
  }

  /** The Set-Cookie value pinning to member {@code member}. */
  String setCookie(int member) {
    return setCookies[member].orElseThrow();
  }

  @Override
  public String toString() {
    return "cookie " + name;
  }
}
