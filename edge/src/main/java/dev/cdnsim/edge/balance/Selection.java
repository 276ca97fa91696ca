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

  /** No replica can take the request; {@code reason} is one line naming the pool and each replica's state. */
  record Unavailable(String reason) implements Selection {
    public Unavailable {
      requireNonNull(reason, "reason");
    }
  }
}
