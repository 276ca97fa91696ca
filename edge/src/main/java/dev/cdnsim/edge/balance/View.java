package dev.cdnsim.edge.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool's eligible replicas as of health {@code version}, good until {@code validUntil} (epoch
 * millis: when an ejection ends or a slow-start step passes). {@code memberOf[i]} is the member behind
 * candidate i and {@code candidateOf[m]} the reverse, or -1. With no eligible replica,
 * {@code candidates} is null and {@code reason} says why, unless panic mode put every replica in.
 */
record View(int version, long validUntil, Candidates candidates, int[] memberOf, int[] candidateOf, boolean panic,
    String reason) {

  /** The view of {@code members} at {@code now}. */
  static View of(Member[] members, int version, long now, SlowStart slowStart, HealthConfig health, String pool) {
    long validUntil = Long.MAX_VALUE;
    List<Integer> eligible = new ArrayList<>(members.length);
    for (int m = 0; m < members.length; m++) {
      Member member = members[m];
      validUntil = Math.min(validUntil, member.ejectedUntil(now));
      if (!member.eligible(now)) continue;
      eligible.add(m);
      validUntil = Math.min(validUntil, slowStart.nextChange(member.recoveredAt(), now));
    }
    boolean panic = eligible.isEmpty() && health.panic();
    String reason = eligible.isEmpty() ? noneReason(members, now, health.passive(), pool) : "";
    if (panic) for (int m = 0; m < members.length; m++) eligible.add(m);
    if (eligible.isEmpty()) return new View(version, validUntil, null, new int[0], new int[0], false, reason);
    int n = eligible.size();
    int[] memberOf = new int[n];
    int[] candidateOf = new int[members.length];
    Arrays.fill(candidateOf, -1);
    List<Replica> replicas = new ArrayList<>(n);
    int[] weights = new int[n];
    AtomicInteger[] inFlight = new AtomicInteger[n];
    for (int i = 0; i < n; i++) {
      Member member = members[memberOf[i] = eligible.get(i)];
      candidateOf[memberOf[i]] = i;
      replicas.add(member.replica);
      weights[i] = panic ? member.replica.weight() * SlowStart.SCALE
          : slowStart.weight(member.replica.weight(), member.recoveredAt(), now);
      inFlight[i] = member.inFlight;
    }
    return new View(version, validUntil, Candidates.of(replicas, weights, inFlight), memberOf, candidateOf, panic,
        reason);
  }

  private static String noneReason(Member[] members, long now, PassiveCheckConfig passive, String pool) {
    StringBuilder b = new StringBuilder("pool ").append(pool).append(": no eligible replica (");
    for (int m = 0; m < members.length; m++) b.append(m == 0 ? "" : ", ").append(members[m].whyOut(now, passive));
    return b.append(')').toString();
  }
}
