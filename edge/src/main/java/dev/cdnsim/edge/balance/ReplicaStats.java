package dev.cdnsim.edge.balance;

import java.net.URI;

/**
 * One replica's counters and health, as {@code /_edge/stats} shows them.
 *
 * @param active        requests in flight now
 * @param requests      attempts sent (first tries and retries)
 * @param failures      attempts that failed (connect, timeout, 502/503/504)
 * @param healthChanges transitions: active down/up, and passive ejections
 * @param ejections     times passive checks took the replica out
 */
public record ReplicaStats(String id, URI base, int weight, HealthState state, int active, long requests,
    long failures, long healthChanges, long ejections) {}
