package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.HeaderList;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes hop-by-hop fields (RFC 9110 §7.6.1): the fixed list plus every field named in {@code Connection}.
 * A proxy must not forward them, in either direction.
 */
final class HopByHop {
  private HopByHop() {}

  static final Set<HttpString> FIXED = FieldNames.of(Headers.CONNECTION, new HttpString("Keep-Alive"),
      new HttpString("Proxy-Connection"), Headers.TE, new HttpString("Trailer"), Headers.TRANSFER_ENCODING,
      Headers.UPGRADE, Headers.PROXY_AUTHENTICATE, Headers.PROXY_AUTHORIZATION);

  /** {@code headers} without hop-by-hop fields. */
  static HeaderList strip(HeaderList headers) {
    var connection = headers.joined(Headers.CONNECTION);
    if (connection.isEmpty()) return headers.without(FIXED);   // the usual case: no set to build
    Set<HttpString> drop = new HashSet<>(FIXED);
    drop.addAll(named(List.of(connection.get())));
    return headers.without(drop);
  }

  /**
   * The fields named by {@code Connection} values ({@code null} or empty: none), leaving out the tokens that
   * name no field ({@code keep-alive}, {@code close}): the usual {@code Connection: keep-alive} costs no set.
   */
  static Set<HttpString> named(Collection<String> connection) {
    if (connection == null || connection.isEmpty()) return Set.of();
    Set<HttpString> names = null;
    for (String value : connection) {
      if (value.equalsIgnoreCase("keep-alive") || value.equalsIgnoreCase("close")) continue;
      for (String name : value.split(",")) {
        if (name.isBlank()) continue;
        if (names == null) names = new HashSet<>();
        names.add(new HttpString(name.trim()));
      }
    }
    return names == null ? Set.of() : names;
  }

  /** Whether {@code name} is hop-by-hop in a message whose {@code Connection} named {@code named}. */
  static boolean isHopByHop(HttpString name, Set<HttpString> named) {
    return FIXED.contains(name) || (!named.isEmpty() && named.contains(name));
  }
}
