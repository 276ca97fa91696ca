package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.FieldNames;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.Vary;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /**
   * The fields to send when filling the cache: without the client's conditionals and Range, and with only the
   * codings variants are kept by in Accept-Encoding ({@link Vary#withKeptCodings}).
   */
  HeaderList forFill(HttpServerExchange exchange) {
    return decorate(exchange,
        Vary.withKeptCodings(HopByHop.strip(HeaderList.of(exchange.getRequestHeaders())).without(CLIENT_CONDITIONALS)));
  }

  /** The fields for a background revalidation: the triggering request's as for a fill, plus Via. */
  HeaderList forBackground(HeaderList clientHeaders) {
    HeaderList base = Vary.withKeptCodings(
        HopByHop.strip(clientHeaders).without(CLIENT_CONDITIONALS).without(Set.of(Headers.VIA)));
    List<HeaderList.Field> fields = new ArrayList<>(base.fields());
    fields.add(new HeaderList.Field(Headers.VIA, via));
    return new HeaderList(fields);
  }

  private HeaderList decorate(HttpServerExchange exchange, HeaderList headers) {
    List<HeaderList.Field> fields = new ArrayList<>(headers.without(REPLACED).fields());
    // Not the connection's ClientHop: this runs on a fill's virtual thread, and a connection's attachments are the
    // I/O thread's.
    addProxyFields(exchange, new ClientHop(exchange.getSourceAddress()), name -> headers.joined(name).orElse(null),
        (name, value) -> fields.add(new HeaderList.Field(name, value)));
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
    addProxyFields(exchange, ClientHop.of(exchange), name -> named.contains(name) ? null : joinedOrNull(in, name), out);
  }

  /** The values of {@code name} in {@code headers} joined with ", ", or empty. */
  static Optional<String> joined(HeaderMap headers, HttpString name) {
    return Optional.ofNullable(joinedOrNull(headers, name));
  }

  private static String joinedOrNull(HeaderMap headers, HttpString name) {
    HeaderValues values = headers.get(name);
    if (values == null || values.isEmpty()) return null;
    return values.size() == 1 ? values.getFirst() : String.join(", ", values);
  }

  /**
   * This hop's proxy fields, each after what the client sent in it ({@code sent}: the client's end-to-end value of
   * a field, or null): X-Forwarded-For, -Proto and -Host, Forwarded, Via.
   */
  private void addProxyFields(HttpServerExchange exchange, ClientHop hop, Function<HttpString, String> sent,
      FieldSink add) {
    String scheme = exchange.getRequestScheme();
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    add.add(X_FORWARDED_FOR, after(sent.apply(X_FORWARDED_FOR), hop.client));
    add.add(X_FORWARDED_PROTO, scheme);
    if (host != null) add.add(X_FORWARDED_HOST, host);
    add.add(FORWARDED, after(sent.apply(FORWARDED), hop.forwarded(scheme, host)));
    add.add(Headers.VIA, after(sent.apply(Headers.VIA), via));
  }

  /** {@code mine} appended to the list {@code sent} (null: none). */
  private static String after(String sent, String mine) {
    return sent == null ? mine : sent + ", " + mine;
  }

  /**
   * What a client connection's proxy fields say of it, kept on the connection: its address is the same for every
   * request on it, and so, nearly always, are the scheme and Host its {@code Forwarded} element names.
   */
  private static final class ClientHop {
    private static final AttachmentKey<ClientHop> KEY = AttachmentKey.create(ClientHop.class);

    final InetSocketAddress source;
    /** The client's address as text, or "unknown". */
    final String client;
    /** The last Forwarded element made, with the scheme and Host it names. */
    private Element last;

    private record Element(String scheme, String host, String value) {}

    ClientHop(InetSocketAddress source) {
      this.source = source;
      this.client = source == null || source.getAddress() == null ? "unknown" : source.getAddress().getHostAddress();
    }

    /** The connection's, made on its first passed request; only on the connection's I/O thread. */
    static ClientHop of(HttpServerExchange exchange) {
      ServerConnection connection = exchange.getConnection();
      ClientHop hop = connection.getAttachment(KEY);
      InetSocketAddress source = exchange.getSourceAddress();
      // A connection's source is fixed, unless a handler rewrites it (e.g. PROXY protocol): then it is made anew.
      // The same object on every request of a connection: compared by reference first, as InetSocketAddress.equals
      // compares its fields even then.
      if (hop == null || (hop.source != source && !Objects.equals(hop.source, source))) {
        hop = new ClientHop(source);
        connection.putAttachment(KEY, hop);
      }
      return hop;
    }

    String forwarded(String scheme, String host) {
      Element e = last;
      if (e == null || !e.scheme.equals(scheme) || !Objects.equals(e.host, host)) {
        last = e = new Element(scheme, host, forwardedElement(source, client, scheme, host));
      }
      return e.value;
    }
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
