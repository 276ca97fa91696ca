package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.HeaderList;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.Set;

/**
 * The fields a request carries toward the origin: the client's end-to-end fields plus
 * {@code X-Forwarded-For} (the client's address appended), {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} (the Host the client asked for), {@code Forwarded} (RFC 7239, the same facts
 * in one standard field, appended to any the client sent) and {@code Via}.
 */
final class ProxyHeaders {
  static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
  static final HttpString X_FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");
  static final HttpString X_FORWARDED_HOST = new HttpString("X-Forwarded-Host");
  static final HttpString FORWARDED = new HttpString("Forwarded");

  /** The client's own validators and range: replaced by the edge's when it fetches to fill the cache. */
  static final Set<HttpString> CLIENT_CONDITIONALS = Set.of(Headers.IF_NONE_MATCH, Headers.IF_MODIFIED_SINCE,
      Headers.IF_MATCH, Headers.IF_UNMODIFIED_SINCE, Headers.IF_RANGE, Headers.RANGE);

  /** Fields this edge writes itself (after what the client sent in them). */
  private static final Set<HttpString> REPLACED = FieldNames.of(X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, FORWARDED,
      Headers.VIA);

  /** Where fields go, one line at a time ({@code HeaderMap::add}, or a request head's bytes). */
  interface FieldSink {
    void add(HttpString name, String value);
  }

  private final String via;

  ProxyHeaders(String via) {
    this.via = requireNonNull(via, "via");
  }

  /** The fields to send when filling the cache: without the client's conditionals and Range. */
  HeaderList forFill(HttpServerExchange exchange) {
    return decorate(exchange, HopByHop.strip(HeaderList.of(exchange.getRequestHeaders())).without(CLIENT_CONDITIONALS));
  }

  /** The fields for a background revalidation: the triggering request's, without conditionals, plus Via. */
  HeaderList forBackground(HeaderList clientHeaders) {
    HeaderList base = HopByHop.strip(clientHeaders).without(CLIENT_CONDITIONALS).without(Set.of(Headers.VIA));
    List<HeaderList.Field> fields = new ArrayList<>(base.fields());
    fields.add(new HeaderList.Field(Headers.VIA, via));
    return new HeaderList(fields);
  }

  private HeaderList decorate(HttpServerExchange exchange, HeaderList headers) {
    List<HeaderList.Field> fields = new ArrayList<>(headers.without(REPLACED).fields());
    addProxyFields(exchange, headers::joined, (name, value) -> fields.add(new HeaderList.Field(name, value)));
    return new HeaderList(fields);
  }

  /**
   * Writes the fields of a passed request to {@code out} straight from the exchange (no intermediate list, as
   * this runs for every passed request on the I/O thread): the client's end-to-end fields except {@code Host}
   * and {@code Expect} (the caller sets the first, the edge answers the second), then the proxy fields.
   */
  void writePass(HttpServerExchange exchange, FieldSink out) {
    HeaderMap in = exchange.getRequestHeaders();
    Set<HttpString> named = HopByHop.named(in.get(Headers.CONNECTION));
    for (HeaderValues values : in) {
      HttpString name = values.getHeaderName();
      if (HopByHop.isHopByHop(name, named) || REPLACED.contains(name) || name.equals(Headers.HOST)
          || name.equals(Headers.EXPECT)) {
        continue;
      }
      for (String value : values) out.add(name, value);
    }
    addProxyFields(exchange, name -> named.contains(name) ? Optional.empty() : joined(in, name), out::add);
  }

  /** The values of {@code name} in {@code headers} joined with ", ", or empty. */
  static Optional<String> joined(HeaderMap headers, HttpString name) {
    HeaderValues values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
  }

  /**
   * This hop's proxy fields, each after what the client sent in it ({@code sent}: the client's end-to-end value of
   * a field, if any): X-Forwarded-For, -Proto and -Host, Forwarded, Via.
   */
  private void addProxyFields(HttpServerExchange exchange, Function<HttpString, Optional<String>> sent,
      BiConsumer<HttpString, String> add) {
    InetSocketAddress source = exchange.getSourceAddress();
    String client = source == null || source.getAddress() == null ? "unknown" : source.getAddress().getHostAddress();
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    String forwarded = forwardedElement(source, client, exchange.getRequestScheme(), host);
    add.accept(X_FORWARDED_FOR, sent.apply(X_FORWARDED_FOR).map(v -> v + ", " + client).orElse(client));
    add.accept(X_FORWARDED_PROTO, exchange.getRequestScheme());
    if (host != null) add.accept(X_FORWARDED_HOST, host);
    add.accept(FORWARDED, sent.apply(FORWARDED).map(v -> v + ", " + forwarded).orElse(forwarded));
    add.accept(Headers.VIA, sent.apply(Headers.VIA).map(v -> v + ", " + via).orElse(via));
  }

  /**
   * This hop's element of {@code Forwarded} (RFC 7239 §4): {@code for=} the client's address (an IPv6 one
   * quoted in brackets), {@code proto=} and {@code host=} (quoted when it is not a plain token, e.g. with a port).
   */
  static String forwardedElement(InetSocketAddress source, String client, String scheme, String host) {
    String forNode;
    if (source == null || source.getAddress() == null) {
      forNode = "unknown";
    } else if (source.getAddress() instanceof java.net.Inet6Address) {
      forNode = "\"[" + client + "]\"";
    } else {
      forNode = client;
    }
    StringBuilder b = new StringBuilder("for=").append(forNode).append(";proto=").append(scheme);
    if (host != null && !host.isEmpty()) {
      boolean token = true;
      for (int i = 0; i < host.length() && token; i++) {
        char c = host.charAt(i);
        token = Character.isLetterOrDigit(c) || c == '.' || c == '-';
      }
      b.append(";host=").append(token ? host : "\"" + host.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return b.toString();
  }
}
