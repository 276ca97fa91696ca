package dev.cdnsim.edge.balance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Source-IP affinity, as HAProxy's {@code stick on src}: a bounded table from client address to the
 * member its last request went to, forgotten after {@code idleTimeout} without a request. Unlike IP
 * hashing, the first choice is the pool's algorithm's (least connections, say) and survives changes
 * to the set of replicas.
 */
final class StickTable implements Affinity {
  static final long MAX_CLIENTS = 100_000;
  private final Cache<InetAddress, Integer> table;
  private final Duration idleTimeout;

  StickTable(Duration idleTimeout, Clock clock) {
    this.idleTimeout = idleTimeout;
    this.table = Caffeine.newBuilder()
        .expireAfterAccess(idleTimeout)
        .maximumSize(MAX_CLIENTS)
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  @Override
  public int pinned(RequestInfo request) {
    Integer member = table.getIfPresent(request.client());
    return member == null ? -1 : member;
  }

  @Override
  public Optional<String> pin(RequestInfo request, int member) {
    table.put(request.client(), member);
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "source-ip " + idleTimeout;
  }
}
