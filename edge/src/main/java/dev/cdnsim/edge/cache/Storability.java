package dev.cdnsim.edge.cache;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Whether a shared cache may store a response (RFC 9111 §3), and if not, why. Pure.
 *
 * <p>Set-Cookie: a response that sets a cookie is never stored, even when marked public. The cookie
 * belongs to one user; storing the response without it would change what the origin said, and
 * storing it with it would hand one user's session to everyone (RFC 9111 §7.3 leaves this to the cache).
 *
 * <p>Server-sent events ({@code text/event-stream}): never stored. A live stream of events stored whole would reach
 * its first client only when it ends (a fill reads what it stores before serving it), and the next client would
 * get old events; streamed through instead, each event reaches the client as it comes.
 *
 * @param storable whether the response may be stored
 * @param reason   short reason when not (for Cache-Status {@code detail}), else "stored"
 */
public record Storability(boolean storable, String reason) {

  private static final HttpString SET_COOKIE = Headers.SET_COOKIE;
  private static final Storability STORE = new Storability(true, "stored");

  /**
   * Decides for a response to a request with {@code method}, whose request carried
   * {@code requestCc} and possibly {@code Authorization}; {@code responseCc} are the directives the
   * edge obeys (a targeted field when present).
   */
  public static Storability of(String method, CacheControl requestCc, boolean authorization, int status,
      HeaderList responseHeaders, CacheControl responseCc) {
    if (!method.equals("GET") && !method.equals("HEAD")) return no("method");
    if (requestCc.noStore()) return no("request-no-store");
    if (responseCc.noStore()) return no("no-store");
    if (responseCc.isPrivate()) return no("private");
    if (status < 200 || status == 206 || status == 304) return no("status");
    if (authorization && !(responseCc.isPublic() || responseCc.sMaxAge().isPresent() || responseCc.mustRevalidate())) {
      return no("authorization");
    }
    if (responseHeaders.contains(SET_COOKIE)) return no("set-cookie");
    if (responseHeaders.first(Headers.CONTENT_TYPE).map(Storability::isEventStream).orElse(false)) {
      return no("event-stream");
    }
    if (responseHeaders.first(Headers.VARY).map(v -> v.contains("*")).orElse(false)) return no("vary-star");
    boolean explicit = responseCc.isPublic() || responseCc.maxAge().isPresent() || responseCc.sMaxAge().isPresent()
        || responseHeaders.contains(Headers.EXPIRES);
    if (!explicit && !Freshness.HEURISTIC_STATUSES.contains(status)) return no("status");
    return STORE;
  }

  /** Whether a Content-Type names server-sent events, whatever its parameters and case. */
  private static boolean isEventStream(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
        .equalsIgnoreCase("text/event-stream");
  }

  private static Storability no(String reason) {
    return new Storability(false, reason);
  }
}
