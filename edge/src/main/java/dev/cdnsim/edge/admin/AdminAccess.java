package dev.cdnsim.edge.admin;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use admin routes (purge, stats): a client connecting from 127.0.0.1 or ::1 exactly, or one
 * presenting the configured token ({@code Authorization: Bearer <token>}). Only those two loopback
 * addresses count: simulated users live elsewhere in 127.0.0.0/8 and must not purge. Where the client's address
 * comes from a PROXY protocol header, which anyone who reaches the port can write, only the token counts.
 */
public final class AdminAccess {
  private final Optional<byte[]> token;
  private final boolean trustLoopback;

  /**
   * Access for holders of {@code token} when present (blank means none), and for loopback clients when
   * {@code trustLoopback}.
   */
  public AdminAccess(Optional<String> token, boolean trustLoopback) {
    this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.trustLoopback = trustLoopback;
  }

  public boolean allows(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    if (trustLoopback && source != null && isLocalHost(source.getAddress())) return true;
    String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (token.isEmpty() || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token.get()); // constant time: no timing oracle for the token
  }

  static boolean isLocalHost(InetAddress address) {
    if (address == null) return false;
    String a = address.getHostAddress();
    return a.equals("127.0.0.1") || a.equals("0:0:0:0:0:0:0:1") || a.equals("::1");
  }

  @Override
  public String toString() {
    return "AdminAccess{" + (trustLoopback ? "loopback" : "nobody") + (token.isPresent() ? " or token" : "") + "}";
  }
}
