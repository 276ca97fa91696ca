package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stored response: status, the header fields as received (minus hop-by-hop fields), the body shared by
 * every hit and never copied per request ({@link StoredBody}), its freshness, the request header values it
 * varies on, and its purge tags. Copies made by {@link #expired} and {@link #freshened} share the body.
 *
 * @param directives the directives the edge obeys for it (targeted field or Cache-Control)
 * @param varyValues normalised request values of the fields its {@code Vary} names
 * @param tags       purge tags from {@code Surrogate-Key} (space-separated) and {@code Cache-Tag} (commas)
 */
public record CachedResponse(int status, HeaderList headers, StoredBody body, CacheControl directives,
    Freshness freshness, Map<String, String> varyValues, Set<String> tags) {

  /** Fields used by the edge and never shown to clients (RFC 9213 targeted fields, purge tags). */
  public static final Set<HttpString> EDGE_ONLY = FieldNames.of(new HttpString("Cdnsim-Cache-Control"),
      new HttpString("Surrogate-Control"), new HttpString("Surrogate-Key"), new HttpString("Cache-Tag"));

  /** Fields a 304 must not change in the stored response (RFC 9111 §3.2). */
  static final Set<HttpString> KEPT_ON_FRESHEN = Set.of(Headers.CONTENT_LENGTH, Headers.CONTENT_ENCODING,
      Headers.CONTENT_RANGE, Headers.TRANSFER_ENCODING);

  /** Fields not stored: every answer from the store states them anew ({@link StoredResponseWriter}). */
  static final Set<HttpString> REWRITTEN = Set.of(Headers.CONTENT_LENGTH, Headers.ACCEPT_RANGES);

  /**
   * Heap bytes of an entry besides its body and header fields: this record, its freshness, directives, key,
   * vary values and tags, the body's buffer object, Caffeine's node. Measured with {@code bench/memory.sh}
   * (1.7 KB per 10 KiB entry beyond its body, with nine header fields), so that the cache's byte bound bounds
   * the heap it takes.
   */
  static final int OVERHEAD_BYTES = 1024;

  public CachedResponse {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    requireNonNull(directives, "directives");
    requireNonNull(freshness, "freshness");
    varyValues = Map.copyOf(varyValues);
    tags = Set.copyOf(tags);
  }

  public int bodyLength() {
    return body.length();
  }

  public Optional<String> etag() {
    return headers.first(Headers.ETAG);
  }

  public Optional<String> lastModified() {
    return headers.first(Headers.LAST_MODIFIED);
  }

  public List<String> varyNames() {
    return Vary.names(headers.joined(Headers.VARY).orElse(null));
  }

  /** Bytes this entry holds when it shares no header field: body, header fields, vary values and bookkeeping. */
  public int weight() {
    return weightWithFields(headers.weight());
  }

  /** Bytes this entry holds besides the header fields it shares with others through {@code shared}. */
  int weight(SharedFields shared) {
    return weightWithFields(shared.weight(headers));
  }

  private int weightWithFields(int fieldBytes) {
    int w = body.weight() + fieldBytes + OVERHEAD_BYTES;
    for (var e : varyValues.entrySet()) w += e.getKey().length() + e.getValue().length();
    return w;
  }

  /** This response with its header fields replaced by equal ones (shared copies); the body is the same. */
  CachedResponse withFields(HeaderList equalFields) {
    return equalFields == headers ? this
        : new CachedResponse(status, equalFields, body, directives, freshness, varyValues, tags);
  }

  /** This response marked stale from {@code now} on (soft purge); still usable for validation and stale-if-error. */
  public CachedResponse expired(Instant now) {
    return new CachedResponse(status, headers, body, directives, freshness.expired(now), varyValues, tags);
  }

  /**
   * A response received at {@code responseTime} for a request sent at {@code requestTime}, varying on
   * the request values {@code varyValues}; its directives and freshness are derived from its headers.
   */
  public static CachedResponse of(int status, HeaderList headers, ByteBuffer body, Map<String, String> varyValues,
      Instant requestTime, Instant responseTime, java.time.Duration heuristicCap) {
    return of(status, headers, new MemoryBody(body), varyValues, requestTime, responseTime, heuristicCap);
  }

  /** As {@link #of(int, HeaderList, ByteBuffer, Map, Instant, Instant, java.time.Duration)}, with a body already stored. */
  public static CachedResponse of(int status, HeaderList headers, StoredBody body, Map<String, String> varyValues,
      Instant requestTime, Instant responseTime, java.time.Duration heuristicCap) {
    HeaderList shared = headers.without(REWRITTEN).withSharedNames();
    CacheControl cc = EdgeDirectives.of(shared);
    return new CachedResponse(status, shared, body, cc,
        Freshness.of(status, shared, cc, requestTime, responseTime, heuristicCap), varyValues, tagsOf(shared));
  }

  /** This response freshened by a 304 (RFC 9111 §4.3.4): headers updated by the 304's, freshness recomputed. */
  public CachedResponse freshened(HeaderList notModified, Instant requestTime, Instant responseTime,
      java.time.Duration heuristicCap) {
    // The old Age and Date described the old response; only the 304's own (if any) apply from now on,
    // else age counts from this revalidation (a missing Date means the time of receipt).
    HeaderList merged = headers.without(Set.of(Headers.AGE, Headers.DATE)).updatedBy(notModified, KEPT_ON_FRESHEN)
        .without(REWRITTEN).withSharedNames();
    CacheControl cc = EdgeDirectives.of(merged);
    return new CachedResponse(status, merged, body, cc,
        Freshness.of(status, merged, cc, requestTime, responseTime, heuristicCap), varyValues, tagsOf(merged));
  }

  /** Purge tags named by {@code Surrogate-Key} and {@code Cache-Tag}. */
  static Set<String> tagsOf(HeaderList headers) {
    List<String> tags = new ArrayList<>();
    headers.joined(new HttpString("Surrogate-Key")).ifPresent(v -> {
      for (String t : v.split("[\\s,]+")) if (!t.isBlank()) tags.add(t);
    });
    headers.joined(new HttpString("Cache-Tag")).ifPresent(v -> {
      for (String t : v.split(",")) if (!t.isBlank()) tags.add(t.trim());
    });
    return Set.copyOf(tags);
  }
}
