package dev.cdnsim.edge.cache;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The secondary cache key of RFC 9111 §4.1: the request header values a response's {@code Vary} names,
 * normalised so that equivalent requests share a variant ({@code Accept-Encoding: br, gzip} and
 * {@code gzip,br} are one variant). A response with {@code Vary: *} is never stored (it can never match).
 */
public final class Vary {
  private Vary() {}

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

  /** The codings a client accepts (q > 0), lower-cased and sorted, e.g. "br,gzip". */
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
      if (!refused) codings.add(coding.equals("x-gzip") ? "gzip" : coding);
    }
    return String.join(",", codings);
  }
}
