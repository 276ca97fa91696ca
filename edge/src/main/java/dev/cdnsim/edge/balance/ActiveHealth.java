package dev.cdnsim.edge.balance;

/**
 * The active-check health of one replica, as HAProxy's rise/fall: an immutable value moved on by
 * probe results. {@code fall} consecutive failed probes take an up replica down; {@code rise}
 * consecutive good probes bring a down replica up; a result the other way resets the streak.
 *
 * @param up     whether probes consider the replica up
 * @param streak consecutive results against the current state (failures while up, successes while down)
 */
record ActiveHealth(boolean up, int streak) {
  /** Replicas start up (HAProxy's default), so a fresh edge serves before the first probe returns. */
  static final ActiveHealth INITIAL = new ActiveHealth(true, 0);

  /** The state after one probe result. */
  ActiveHealth probed(boolean ok, int rise, int fall) {
    if (ok == up) return streak == 0 ? this : new ActiveHealth(up, 0);
    int n = streak + 1;
    return n >= (up ? fall : rise) ? new ActiveHealth(!up, 0) : new ActiveHealth(up, n);
  }
}
