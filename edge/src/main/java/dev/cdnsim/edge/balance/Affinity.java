package dev.cdnsim.edge.balance;

import java.util.Optional;

/**
 * Where a request is pinned, by member index within its pool; pure bookkeeping, the pool decides
 * whether the pinned replica is still eligible.
 */
interface Affinity {
  /** The member index the request is pinned to, or -1. */
  int pinned(RequestInfo request);

  /** Pins the request's client to member {@code member}; returns a Set-Cookie value to send, if any. */
  Optional<String> pin(RequestInfo request, int member);

  Affinity NONE = new Affinity() {
    @Override
    public int pinned(RequestInfo request) {
      return -1;
    }

    @Override
    public Optional<String> pin(RequestInfo request, int member) {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "none";
    }
  };
}
