package dev.cdnsim.edge.balance;

import java.util.function.Function;

/**
 * A table a strategy derives from the candidates' layout (a Maglev table, a weighted sequence), built
 * again only when the layout changes. Safe to share between threads: two threads meeting a new layout
 * at once may both build it, and either result is right.
 */
final class PerLayout<T> {
  private record Entry<T>(Object layout, T table) {}

  private final Function<Candidates, T> build;
  private volatile Entry<T> entry = new Entry<>(null, null);

  PerLayout(Function<Candidates, T> build) {
    this.build = build;
  }

  T of(Candidates candidates) {
    Entry<T> e = entry;
    if (e.layout() != candidates.layout()) {
      e = new Entry<>(candidates.layout(), build.apply(candidates));
      entry = e;
    }
    return e.table();
  }
}
