package dev.cdnsim.edge.balance;

/** How a request to a replica ended, as far as health and counters care. */
public enum Outcome {
  /** A response came (any status other than those below). */
  SUCCESS,
  /** The connection was refused or not accepted in time: nothing was sent. */
  CONNECT_FAILURE,
  /** No response (first byte) or no complete response within its timeout. */
  TIMEOUT,
  /** The replica answered 502, 503 or 504: up, but not serving. */
  UNAVAILABLE,
  /** The request ended for a reason that says nothing about the replica (the client went away). */
  ABANDONED;

  /** Whether this outcome counts against the replica's passive health. */
  public boolean isFailure() {
    return this == CONNECT_FAILURE || this == TIMEOUT || this == UNAVAILABLE;
  }

  /** The outcome of a response with {@code status}. */
  public static Outcome ofStatus(int status) {
    return status == 502 || status == 503 || status == 504 ? UNAVAILABLE : SUCCESS;
  }
}
