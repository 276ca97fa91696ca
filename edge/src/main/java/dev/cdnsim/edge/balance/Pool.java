package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;

/**
 * A pool of origin replicas: chooses a replica for each request among the eligible ones (by the
 * configured algorithm, honouring affinity), learns from each attempt's {@link Outcome} and from
 * probes, and counts. Every {@link #select} that returns {@link Selection.Chosen} must be followed by
 * exactly one {@link #report} for that replica.
 *
 * <p>The hot path takes no lock: the set of eligible replicas is an immutable view rebuilt only when a
 * replica's health changes, an ejection ends or a slow-start step passes; health and counters are atomics.
 */
public final class Pool {
  private final PoolConfig config;
  private final Clock clock;
  private final Member[] members;
  private final Map<Replica, Member> byReplica = new HashMap<>();
  private final SelectionStrategy strategy;
  private final SlowStart slowStart;
  private final Affinity affinity;
  private final RetryBudget budget;
  /**
   * The passive checks this pool applies: its configuration's, or none for a pool of one replica, as nginx ignores
   * {@code max_fails} for a single server: ejecting the only replica would turn an origin's restart of a few seconds
   * into {@code fail_timeout} of 502s after it is back, with nowhere else to send the requests meanwhile.
   */
  private final PassiveCheckConfig passive;
  private final Optional<SSLContext> tls;
  private final AtomicInteger version = new AtomicInteger();
  private final LongAdder panics = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder retriesDenied = new LongAdder();
  private volatile View view;

  private Pool(PoolConfig config, Clock clock, SplittableRandom random, byte[] cookieKey, Optional<SSLContext> tls) {
    this.config = config;
    this.clock = clock;
    this.tls = tls;
    this.members = new Member[config.replicas().size()];
    for (int i = 0; i < members.length; i++) {
      members[i] = new Member(config.replicas().get(i), version::incrementAndGet);
      byReplica.put(members[i].replica, members[i]);
    }
    this.strategy = config.algorithm().create(random);
    this.slowStart = SlowStart.of(config.health().slowStart());
    this.budget = new RetryBudget(config.retry());
    this.passive = members.length == 1 ? PassiveCheckConfig.off() : config.health().passive();
    this.affinity = switch (config.affinity().mode()) {
      case NONE -> Affinity.NONE;
      case COOKIE -> new RouteCookie(config.affinity().cookieName(), cookieKey, config.name(), config.replicas());
      case SOURCE_IP -> new StickTable(config.affinity().idleTimeout(), clock);
    };
    this.view = rebuild(clock.millis());
  }

  /**
   * A pool for {@code config}; time from {@code clock}, randomness (P2C, random) seeded from {@code random}.
   *
   * @throws UncheckedIOException naming the pool and the file when the pool's CA file or client certificate can't be used
   */
  public static Pool create(PoolConfig config, Clock clock, SplittableRandom random) {
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    requireNonNull(random, "random");
    byte[] key;
    if (config.affinity().secret().isEmpty()) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    } else {
      key = config.affinity().secret().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return new Pool(config, clock, random, key, tlsContext(config, clock));
  }

  /** The client context for the pool's {@code https://} replicas, read once here: file problems show at start. */
  private static Optional<SSLContext> tlsContext(PoolConfig config, Clock clock) {
    if (config.tls().isEmpty() || !config.usesHttps()) return Optional.empty();
    try {
      return Optional.of(config.tls().get().clientContext(clock));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("pool " + config.name() + ": " + e.getMessage(), e.getCause());
    }
  }

  /**
   * The TLS context to reach this pool's {@code https://} replicas with, when the pool has TLS settings of its
   * own; empty: the JDK's defaults.
   */
  public Optional<SSLContext> sslContext() {
    return tls;
  }

  /** Chooses a replica for a first attempt at {@code request}. */
  public Selection select(RequestInfo request) {
    budget.deposit();
    View v = currentView();
    if (v.candidates() == null) {
      unavailable.increment();
      return new Selection.Unavailable(v.reason());
    }
    return choose(request, v, v.candidates());
  }

  /**
   * Chooses a replica other than those {@code tried} for a retry of {@code request}, if there is one and
   * the retry budget allows; report the failed attempt first, so that its outcome already counts.
   */
  public Selection selectAnother(RequestInfo request, List<Replica> tried) {
    if (tried.isEmpty()) throw new IllegalArgumentException("a retry follows at least one tried replica");
    if (config.retry().maxRetries() == 0) {
      return new Selection.Unavailable("pool " + config.name() + ": retries are off");
    }
    View v = currentView();
    Candidates c = v.candidates();
    if (c != null) for (Replica r : tried) c = c.excluding(r);
    String last = tried.get(tried.size() - 1).id();
    if (c == null || c.usableCount() == 0) {
      unavailable.increment();
      return new Selection.Unavailable(c == null ? v.reason()
          : "pool " + config.name() + ": no eligible replica left to retry after " + last);
    }
    if (!budget.tryWithdraw()) {
      retriesDenied.increment();
      return new Selection.Unavailable("pool " + config.name() + ": retry budget spent, not retrying after " + last);
    }
    retries.increment();
    return choose(request, v, c);
  }

  private Selection choose(RequestInfo request, View v, Candidates c) {
    int pinned = affinity.pinned(request);
    int i = pinned >= 0 ? v.candidateOf()[pinned] : -1;
    Optional<String> setCookie = Optional.empty();
    if (i < 0 || !c.usable(i)) {
      i = strategy.choose(c, request);
      setCookie = affinity.pin(request, v.memberOf()[i]);
    }
    Member m = members[v.memberOf()[i]];
    m.inFlight.incrementAndGet();
    m.requests.increment();
    if (v.panic()) panics.increment();
    return new Selection.Chosen(m.replica, setCookie, v.panic());
  }

  /** Ends an attempt on {@code replica} (chosen by this pool) with {@code outcome}. */
  public void report(Replica replica, Outcome outcome) {
    Member m = member(replica);
    m.inFlight.decrementAndGet();
    m.report(outcome, clock, passive);
  }

  /** Records an active probe of {@code replica}; returns whether it changed the replica's up/down state. */
  public boolean probed(Replica replica, boolean ok) {
    ActiveCheckConfig check = config.health().active()
        .orElseThrow(() -> new IllegalStateException("pool " + config.name() + " has no active checks"));
    return member(replica).probed(ok, clock.millis(), check);
  }

  private Member member(Replica replica) {
    Member m = byReplica.get(replica);
    if (m == null) throw new IllegalArgumentException(replica + " is not in pool " + config.name());
    return m;
  }

  private View currentView() {
    View v = view;
    // The clock is read only when the view can expire (an ejection or a slow start is running): on
    // some machines reading it costs more than the whole choice.
    if (v.version() != version.get() || (v.validUntil() != Long.MAX_VALUE && clock.millis() >= v.validUntil())) {
      v = rebuild(clock.millis());
      view = v;
    }
    return v;
  }

  private View rebuild(long now) {
    return View.of(members, version.get(), now, slowStart, config.health(), config.name());
  }

  public PoolConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /** A snapshot of the pool's and each replica's counters and health. */
  public PoolStats stats() {
    long now = clock.millis();
    List<ReplicaStats> replicas = new ArrayList<>(members.length);
    for (Member m : members) {
      replicas.add(new ReplicaStats(m.replica.id(), m.replica.base(), m.replica.weight(), m.state(now, slowStart),
          m.inFlight.get(), m.requests.sum(), m.failures.sum(), m.healthChanges.sum(), m.ejections.sum()));
    }
    return new PoolStats(config.name(), config.algorithm().configName(), affinity.toString(), panics.sum(),
        unavailable.sum(), retries.sum(), retriesDenied.sum(), replicas);
  }

  @Override
  public String toString() {
    return "Pool{" + config.name() + ", " + strategy + ", affinity " + affinity + ", " + config.replicas() + "}";
  }
}
