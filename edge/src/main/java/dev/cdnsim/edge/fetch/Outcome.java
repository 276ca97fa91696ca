package dev.cdnsim.edge.fetch;

/** What collapsed waiters learn from the leader's fill. */
sealed interface Outcome {
  /** A response was stored: look it up again. */
  record Stored() implements Outcome {}

  /** Nothing shareable: go to the origin on your own. */
  record NotShared() implements Outcome {}

  /** The origin failed: answer the same (or serve stale when allowed). */
  record Failed(int status, String reason) implements Outcome {}

  static Outcome of(Fill fill) {
    return switch (fill) {
      case Fill.Serve s when s.stored() -> new Stored();
      case Fill.Serve s -> new Failed(502, "origin failed");
      case Fill.Stream s when s.response().status() >= 500 ->
          new Failed(s.response().status(), "origin answered " + s.response().status());
      case Fill.Stream s -> new NotShared();
      case Fill.Fail f -> new Failed(f.status(), f.reason());
    };
  }
}
