package dev.cdnsim.edge.cache;

import io.undertow.util.HttpString;
import java.util.List;

/**
 * The directives the edge obeys for a response (RFC 9213): the most specific targeted field present
 * wins, and when one is used {@code Cache-Control} is ignored by the edge (but still forwarded, for
 * browsers). Order: {@code Cdnsim-Cache-Control} (this edge only), {@code CDN-Cache-Control} (every CDN),
 * {@code Surrogate-Control} (the older surrogate convention), then {@code Cache-Control}.
 */
public final class EdgeDirectives {
  private EdgeDirectives() {}

  static final List<HttpString> TARGETED = List.of(new HttpString("Cdnsim-Cache-Control"),
      new HttpString("CDN-Cache-Control"), new HttpString("Surrogate-Control"));

  /** The directives the edge obeys for a response with {@code headers}. */
  public static CacheControl of(HeaderList headers) {
    for (HttpString field : TARGETED) {
      var value = headers.joined(field);
      if (value.isPresent()) {
        CacheControl targeted = CacheControl.parse(value.get());
        // RFC 9213 §2.1: a targeted field that cannot be parsed is ignored, as if absent.
        if (targeted.present()) return targeted;
      }
    }
    return CacheControl.parse(headers.joined(io.undertow.util.Headers.CACHE_CONTROL).orElse(null));
  }
}
