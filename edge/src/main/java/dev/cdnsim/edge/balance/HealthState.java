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
  DOWN
}
