package dev.cdnsim.edge.route;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Whether a request asks to switch its connection to another protocol that the edge tunnels to a replica
 * (RFC 9110 §7.8): a WebSocket handshake, say. Such a request is always passed, on cache routes too (the cache
 * handler passes it): its answer is a connection, not a representation. Only an HTTP/1.1 request without a body
 * whose {@code Connection} names {@code upgrade}, and never {@code h2c}, which asks for HTTP/2 on this hop only.
 * Pure, tested in {@code UpgradeRequestTest}.
 */
public final class UpgradeRequest {
  /** The pass reason of a tunnelled request ({@code Cache-Status: ...; fwd=bypass; detail=upgrade}). */
  public static final String REASON = "upgrade";

  private UpgradeRequest() {}

  /** The protocols the exchange's request asks to switch to ({@code Upgrade}'s value), or null when it asks none. */
  public static String protocols(HttpServerExchange exchange) {
    // The field first: this runs for every request, and nearly none has it.
    HeaderMap fields = exchange.getRequestHeaders();
    if (!fields.contains(Headers.UPGRADE) || !exchange.isHttp11()) return null;
    // An HTTP/1.1 connection, plain or TLS (HTTP/2 switches no protocols).
    return exchange.getConnection() instanceof HttpServerConnection ? protocols(fields) : null;
  }

  /** The {@code Upgrade} value to forward for an HTTP/1.1 request with {@code fields}, or null when there is none. */
  static String protocols(HeaderMap fields) {
    HeaderValues upgrade = fields.get(Headers.UPGRADE);
    if (upgrade == null || upgrade.size() != 1 || upgrade.getFirst().isBlank()) return null;
    if (!hasToken(fields.get(Headers.CONNECTION), "upgrade") || hasToken(upgrade, "h2c")) return null;
    String length = fields.getFirst(Headers.CONTENT_LENGTH);
    if (fields.contains(Headers.TRANSFER_ENCODING) || (length != null && !length.strip().equals("0"))) return null;
    return upgrade.getFirst().strip();
  }

  /** Whether one of the comma-separated lists in {@code values} has {@code token} (ignoring case). */
  private static boolean hasToken(HeaderValues values, String token) {
    if (values == null) return false;
    for (String value : values) {
      for (String t : value.split(",")) {
        String bare = t.strip();
        int slash = bare.indexOf('/');   // a protocol's version: "h2c/1" is still h2c
        if ((slash < 0 ? bare : bare.substring(0, slash)).equalsIgnoreCase(token)) return true;
      }
    }
    return false;
  }
}
