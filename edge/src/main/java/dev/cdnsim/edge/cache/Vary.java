package dev.cdnsim.edge.cache;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secondary cache key of RFC 9111 §4.1: the request header values a response's {@code Vary} names,
 * normalised so that equivalent requests share a variant ({@code Accept-Encoding: br, gzip} and
 * {@code gzip, deflate, BR} are one variant). A response with {@code Vary: *} is never stored (it can never match).
 */
public final class Vary {
  private Vary() {}

  /**
   * The content codings variants are told apart by, as Varnish and CDNs normalise Accept-Encoding: what origins
   * send. A client's others (deflate, compress, *) are not asked of the origin on a fill.
   */
  private static final Set<String> CODINGS = Set.of("br", "gzip", "zstd");

  /** The lower-cased field names listed in a {@code Vary} value; empty for none. */
  public static List<String> names(String varyValue) {
    List<String> names = new ArrayList<>();
    if (varyValue == null) return names;
    for (String part : varyValue.split(",")) {
      String n = part.trim().toLowerCase(Locale.ROOT);
      if (!n.isEmpty() && !names.contains(n)) names.add(n);
    }
    names.sort(null);
    return names;
  }

  /** The normalised values of {@code names} in {@code request} (absent fields map to ""). */
  public static Map<String, String> select(List<String> names, HeaderMap request) {
    Map<String, String> selected = new LinkedHashMap<>();
    for (String name : names) {
      var values = request.get(name);
      String joined = values == null ? "" : String.join(",", values);
      selected.put(name, normalise(name, joined));
    }
    return Map.copyOf(selected);
  }

  static String normalise(String name, String value) {
    if (name.equals(Headers.ACCEPT_ENCODING_STRING.toLowerCase(Locale.ROOT))) return acceptEncoding(value);
    return value.trim().replaceAll("\\s+", " ");
  }

  /** The codings of {@link #CODINGS} a client accepts (q > 0), lower-cased and sorted, e.g. "br,gzip". */
  static String acceptEncoding(String value) {
    TreeSet<String> codings = new TreeSet<>();
    for (String part : value.split(",")) {
      String[] pieces = part.split(";");
      String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (coding.isEmpty()) continue;
      boolean refused = false;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=")) refused = p.substring(2).trim().matches("0(\\.0*)?");
      }
      if (coding.equals("x-gzip")) coding = "gzip";
      if (!refused && CODINGS.contains(coding)) codings.add(coding);
    }
    return String.join(",", codings);
  }

  /**
   * {@code request} with its {@code Accept-Encoding} replaced by the codings {@link #acceptEncoding} keeps, or
   * without it when none is left. A fill asks the origin this, so that the variant it stores suits every client
   * that accepts those codings, however it lists them.
   */
  public static HeaderList withKeptCodings(HeaderList request) {
    String kept = request.joined(Headers.ACCEPT_ENCODING).map(Vary::acceptEncoding).orElse("");
    List<HeaderList.Field> fields = new ArrayList<>(request.without(Set.of(Headers.ACCEPT_ENCODING)).fields());
    if (!kept.isEmpty()) fields.add(new HeaderList.Field(Headers.ACCEPT_ENCODING, kept.replace(",", ", ")));
    return new HeaderList(fields);
  }
}
