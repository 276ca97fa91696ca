package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import io.undertow.util.HeaderMap;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
import java.util.function.UnaryOperator;

/**
 * The edge's byte-bounded response store: variants per primary key, looked up by request headers,
 * with hard and soft invalidation by key, URL prefix or tag. Freshness is not eviction: stale entries
 * stay (until evicted by size) because they still serve validation and stale-if-error.
 */
public final class ResponseCache {
  /** The most of a cache's bound its table of shared header fields may take. */
  static final long MAX_SHARED_FIELD_BYTES = 256 * 1024;

  /** Makes an empty store: at start and at each hard {@link #purgeAll purge of everything}. */
  private final Supplier<Store> newStore;
  private volatile Store store;
  private final BodyStorage bodies;
  private final SharedFields sharedFields;

  /** A cache of at most {@code maxBytes}, large bodies in direct memory pages; {@code maintenance} runs eviction. */
  public ResponseCache(long maxBytes, EvictionPolicy policy, Executor maintenance) {
    this(maxBytes, policy, maintenance, BodyStorage.forCache(maxBytes, Optional.empty()));
  }

  /**
   * A cache of at most {@code maxBytes} whose large bodies live in {@code bodies}; {@code maintenance} runs
   * eviction work (tests pass {@code Runnable::run}). The store holds a lease on every body it holds and gives it
   * back when the entry is evicted, replaced or purged.
   */
  public ResponseCache(long maxBytes, EvictionPolicy policy, Executor maintenance, BodyStorage bodies) {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    requireNonNull(policy, "policy");
    this.bodies = requireNonNull(bodies, "bodies");
    Consumer<Variants> removed = v -> v.releaseBodiesNotIn(null);
    // The shared fields' table takes its bytes out of the bound: entries and table together stay within it.
    long sharedBytes = Math.min(MAX_SHARED_FIELD_BYTES, maxBytes / 256);
    this.sharedFields = new SharedFields(sharedBytes);
    ToIntBiFunction<CacheKey, Variants> weigher = (k, v) -> v.weight(sharedFields) + k.weight();
    long entryBytes = Math.max(1, maxBytes - sharedBytes);
    this.newStore = policy == EvictionPolicy.LRU ? () -> new LruStore(entryBytes, removed, weigher)
        : () -> new CaffeineStore(entryBytes, maintenance, removed, weigher);
    this.store = newStore.get();
  }

  /** Where this cache keeps bodies; fills store theirs here. */
  public BodyStorage bodies() {
    return bodies;
  }

  /** The stored variant of {@code key} matching the request's Vary'd header values, if any. */
  public Lookup lookup(CacheKey key, HeaderMap requestHeaders) {
    Variants variants = store.get(key);
    if (variants == null) return Lookup.MISS;
    return new Lookup(variants.match(requestHeaders), true);
  }

  /** Stores {@code response} under {@code key}, replacing the variant with the same Vary'd values. */
  public void store(CacheKey key, CachedResponse response) {
    CachedResponse stored = response.withFields(sharedFields.share(response.headers(), key));
    update(key, old -> old == null ? new Variants(java.util.List.of(stored)) : old.with(stored));
  }

  /**
   * Replaces the entry of {@code key} with {@code f(old)}, moving the store's body leases along: bodies new to the
   * entry are leased, bodies it dropped given back. A null result removes the entry; the store reports that
   * removal itself, like evictions.
   */
  private void update(CacheKey key, UnaryOperator<Variants> f) {
    Variants[] before = new Variants[1];
    Variants[] after = new Variants[1];
    Store into = store;
    into.compute(key, (k, old) -> {
      Variants next = f.apply(old);
      if (next != null) next.retainBodiesNotIn(old);
      before[0] = old;
      after[0] = next;
      return next;
    });
    if (before[0] != null && after[0] != null) before[0].releaseBodiesNotIn(after[0]);
    // Cleared meanwhile: the old store may have been emptied before this entry went in. Nothing else will take
    // it out (or give back its bodies' leases), so this does.
    if (into != store) into.remove(key);
  }

  /** Removes every variant of {@code key}; returns how many were removed. */
  public int invalidate(CacheKey key) {
    Variants removed = store.remove(key);
    return removed == null ? 0 : removed.responses().size();
  }

  /** Marks every variant of {@code key} stale (soft purge); returns how many were marked. */
  public int expire(CacheKey key, Instant now) {
    int[] count = {0};
    update(key, old -> {
      if (old == null) return null;
      count[0] = old.responses().size();
      return old.map(r -> r.expired(now));
    });
    return count[0];
  }

  /**
   * Purges everything. Hard: the cache starts afresh, as at the edge's start: a new, empty store, whose eviction
   * policy has forgotten what was asked for before (W-TinyLFU's frequency sketch and the size of its window start
   * over; emptied key by key, they would shape admission for the next half million requests). The table of shared
   * header fields stays, as the same fields come back. Soft: every response is marked stale and stays, for
   * validation and stale-if-error. Returns how many responses it purged.
   */
  public int purgeAll(boolean soft, Instant now) {
    if (soft) return purgeWhere(k -> true, true, now);
    Store old = store;
    store = newStore.get();
    return old.clear();
  }

  /** Purges (hard, or soft when {@code soft}) every key whose URL starts with {@code urlPrefix}. */
  public int purgePrefix(String urlPrefix, boolean soft, Instant now) {
    return purgeWhere(k -> k.url().startsWith(urlPrefix) || k.pathAndQuery().startsWith(urlPrefix), soft, now);
  }

  /** Purges (hard or soft) every key with a variant tagged {@code tag} (Surrogate-Key / Cache-Tag). */
  public int purgeTag(String tag, boolean soft, Instant now) {
    return purgeWhere(k -> {
      Variants v = store.get(k);
      return v != null && v.responses().stream().anyMatch(r -> r.tags().contains(tag));
    }, soft, now);
  }

  /** Purges one key, hard or soft. */
  public int purge(CacheKey key, boolean soft, Instant now) {
    return soft ? expire(key, now) : invalidate(key);
  }

  private int purgeWhere(Predicate<CacheKey> matches, boolean soft, Instant now) {
    int count = 0;
    for (CacheKey k : store.keys()) {
      if (matches.test(k)) count += purge(k, soft, now);
    }
    return count;
  }

  /** Bytes held, as counted by the weigher, with the table of shared header fields. */
  public long weightedSize() {
    return store.weightedSize() + sharedFields.bytes();
  }

  /** Header fields stored once and shared by the entries that carry them. */
  public int sharedFieldCount() {
    return sharedFields.size();
  }

  /** Primary keys held (approximate). */
  public long size() {
    return store.size();
  }

  /** Stored response for {@code key} ignoring Vary, for tests and diagnostics. */
  Optional<Variants> variants(CacheKey key) {
    return Optional.ofNullable(store.get(key));
  }

  @Override
  public String toString() {
    return "ResponseCache{" + store + "}";
  }
}
