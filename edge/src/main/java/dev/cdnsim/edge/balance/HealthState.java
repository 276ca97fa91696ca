package dev.cdnsim.edge.balance;

/** A replica's health as stats show it. */
public enum HealthState {
  /** Eligible at full weight. */
  UP,
  /** Eligible, its weight still ramping after recovery. */
  SLOW_START,
  /** Out for a while after too many failed requests (passive checks). */
  EJECTED,
  /** Out until probes succeed {@code rise} times in a row (active checks). */
  DOWN;

  /** Whether a replica in this state is sent requests (at full or ramping weight). */
  public boolean eligible() {
    return this == UP || this == SLOW_START;
  }
}
