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

  int weight() {
    long w = 0;
    for (CachedResponse r : responses) w += r.weight();
    return (int) Math.min(Integer.MAX_VALUE, w);
  }
}
