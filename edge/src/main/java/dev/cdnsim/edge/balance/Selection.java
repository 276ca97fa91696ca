package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The result of asking a pool for a replica: one was chosen, or none can be, with a reason for the 502. */
public sealed interface Selection {

  /**
   * A replica to send the request to; report the attempt's end with {@link Pool#report}.
   *
   * @param setCookie a route cookie to add to the response (cookie affinity pinned the client anew)
   * @param panic     whether the pool had no eligible replica and chose among all of them (panic mode)
   */
  record Chosen(Replica replica, Optional<String> setCookie, boolean panic) implements Selection {
    public Chosen {
      requireNonNull(replica, "replica");
      requireNonNull(setCookie, "setCookie");
    }
  }

  /**
   * No replica can take the request; {@code reason} is one line naming the pool and each replica's state, and
   * {@code reached} says whether a replica got the request (or part of it) and failed after that: it answered
   * with a malformed head, or closed its connection.
   */
  record Unavailable(String reason, boolean reached) implements Selection {
    public Unavailable {
      requireNonNull(reason, "reason");
    }

    /** None was reached: every replica refused, timed out or was out before anything was sent. */
    public Unavailable(String reason) {
      this(reason, false);
    }

    /** The 502's text: "origin unreachable: ..." when no replica got the request, else "origin failed: ...". */
    public String message() {
      return (reached ? "origin failed: " : "origin unreachable: ") + reason;
    }
  }
}
