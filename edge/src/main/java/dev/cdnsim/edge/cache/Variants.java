package dev.cdnsim.edge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The stored responses of one primary key, newest first: one per distinct set of Vary'd request
 * values, so several variants of a URL coexist (RFC 9111 §4.1). Immutable; updates make a copy.
 */
record Variants(List<CachedResponse> responses) {
  /** Enough for Accept-Encoding and a language or two; the oldest variant is dropped past this. */
  static final int MAX_VARIANTS = 8;

  Variants {
    responses = List.copyOf(responses);
  }

  /** The newest variant whose Vary'd request values equal {@code request}'s. */
  Optional<CachedResponse> match(io.undertow.util.HeaderMap request) {
    for (CachedResponse r : responses) {
      if (r.varyValues().isEmpty()) return Optional.of(r);
      Map<String, String> wanted = Vary.select(List.copyOf(r.varyValues().keySet()), request);
      if (wanted.equals(r.varyValues())) return Optional.of(r);
    }
    return Optional.empty();
  }

  /** These variants with {@code added} in front, replacing a variant with the same Vary'd values. */
  Variants with(CachedResponse added) {
    List<CachedResponse> next = new ArrayList<>(responses.size() + 1);
    next.add(added);
    for (CachedResponse r : responses) {
      if (!r.varyValues().equals(added.varyValues()) && next.size() < MAX_VARIANTS) next.add(r);
    }
    return new Variants(next);
  }

  Variants map(UnaryOperator<CachedResponse> f) {
    return new Variants(responses.stream().map(f).toList());
  }

  /**
   * Leases, for the store, the bodies of these variants that {@code before} (the value they replace, or null)
   * did not hold; called while the store computes its new value, so a body is never in the store unleased.
   */
  void retainBodiesNotIn(Variants before) {
    for (CachedResponse r : responses) {
      if (before == null || !before.holds(r.body())) r.body().retain();
    }
  }

  /** Gives back the store's leases on bodies that {@code after} (the value replacing these, or null) does not hold. */
  void releaseBodiesNotIn(Variants after) {
    for (CachedResponse r : responses) {
      if (after == null || !after.holds(r.body())) r.body().release();
    }
  }

  private boolean holds(StoredBody body) {
    for (CachedResponse r : responses) {
      if (r.body() == body) return true;
    }
    return false;
  }

  int weight(SharedFields shared) {
    long w = 0;
    for (CachedResponse r : responses) w += r.weight(shared);
    return (int) Math.min(Integer.MAX_VALUE, w);
  }
}
