package dev.cdnsim.edge.cache;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Header fields that many stored responses carry alike ({@code Server}, {@code Content-Type}, {@code Cache-Control},
 * a site's security fields), kept once and referred to by every entry that has them: about 90 bytes of heap a
 * field when each entry keeps its own copy, 4 bytes (the reference) once it is shared.
 *
 * <p>A field is shared once it has been stored under two different keys (a field that only one URL carries, or
 * that changes with every response, never is), unless it drifts with time or content ({@code Date}, {@code Age},
 * {@code Expires}, {@code Last-Modified}, {@code ETag}: many origins set them per second or per version, and they
 * would fill the table with values soon dead). Shared fields are never let go of, so an entry's
 * weight never changes while it is stored; the table stops taking new fields at {@code maxBytes}, which the cache
 * keeps out of its own budget, so entries and table together stay within the cache's bound.
 */
final class SharedFields {
  /** Fields whose values drift with time or content: never shared (the table never lets a field go). */
  static final Set<HttpString> DRIFTING = FieldNames.of(Headers.DATE, Headers.AGE, Headers.EXPIRES,
      Headers.LAST_MODIFIED, Headers.ETAG);

  /** Longer values are rarely alike across responses; not worth a slot. */
  static final int MAX_VALUE_CHARS = 256;

  /** Fields seen once, remembered with the hash of the key they came with; forgotten all at once past this. */
  static final int MAX_CANDIDATES = 4096;

  /** Heap bytes of a shared field's slot in the table (the map's node and its share of the array). */
  static final int SLOT_BYTES = 48;

  /** Heap bytes an entry spends on a field it shares: the reference in its list. */
  static final int REFERENCE_BYTES = 4;

  private final long maxBytes;
  private final ConcurrentHashMap<HeaderList.Field, HeaderList.Field> shared = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HeaderList.Field, Integer> candidates = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  SharedFields(long maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
    this.maxBytes = maxBytes;
  }

  /**
   * {@code headers} with every field already shared replaced by the shared copy; a field seen before under another
   * key than {@code key} becomes shared now.
   */
  HeaderList share(HeaderList headers, CacheKey key) {
    List<HeaderList.Field> out = new ArrayList<>(headers.fields().size());
    boolean changed = false;
    for (HeaderList.Field f : headers.fields()) {
      HeaderList.Field s = sharedCopy(f, key.hashCode());
      changed |= s != f;
      out.add(s);
    }
    return changed ? new HeaderList(out) : headers;
  }

  private HeaderList.Field sharedCopy(HeaderList.Field f, int keyHash) {
    HeaderList.Field s = shared.get(f);
    if (s != null) return s;
    if (DRIFTING.contains(f.name()) || f.value().length() > MAX_VALUE_CHARS) return f;
    Integer seenWith = candidates.putIfAbsent(f, keyHash);
    if (seenWith == null || seenWith == keyHash) {
      if (candidates.size() > MAX_CANDIDATES) candidates.clear();
      return f;
    }
    long size = HeaderList.weight(f) + SLOT_BYTES;
    if (bytes.addAndGet(size) > maxBytes) {
      bytes.addAndGet(-size);
      return f;
    }
    // A copy of its own: no stored entry holds this instance yet, so no entry's weight changes by sharing it.
    HeaderList.Field copy = new HeaderList.Field(f.name(), f.value());
    HeaderList.Field won = shared.putIfAbsent(copy, copy);
    if (won != null) bytes.addAndGet(-size);
    candidates.remove(f);
    return won != null ? won : copy;
  }

  /** Whether {@code f} is this table's own copy (and so costs an entry only its reference). */
  boolean holds(HeaderList.Field f) {
    return shared.get(f) == f;
  }

  /** Heap bytes an entry with these fields takes for them. */
  int weight(HeaderList headers) {
    int w = 0;
    for (HeaderList.Field f : headers.fields()) w += holds(f) ? REFERENCE_BYTES : HeaderList.weight(f);
    return w;
  }

  /** Heap bytes of the shared fields and their slots. */
  long bytes() {
    return bytes.get();
  }

  /** Fields shared. */
  int size() {
    return shared.size();
  }

  @Override
  public String toString() {
    return "SharedFields{" + shared.size() + " fields, " + bytes.get() + " of " + maxBytes + " bytes}";
  }
}
