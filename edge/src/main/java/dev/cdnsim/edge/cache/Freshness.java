package dev.cdnsim.edge.cache;

import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * How long a stored response stays fresh and how old it is at a given instant (RFC 9111 §4.2), plus
 * its stale windows (RFC 5861). A pure value: computed once when a response is stored or freshened.
 *
 * @param lifetime            freshness lifetime (§4.2.1)
 * @param initialAge          corrected initial age (§4.2.3), the age when it arrived
 * @param responseTime        when the response arrived here
 * @param staleWhileRevalidate how long past its lifetime it may be served while one revalidation runs
 * @param staleIfError        how long past its lifetime it may be served when the origin fails
 * @param mustRevalidate      never served stale (must-revalidate, proxy-revalidate or s-maxage, §5.2.2)
 * @param noCache             validated before every use (response no-cache)
 */
public record Freshness(Duration lifetime, Duration initialAge, Instant responseTime,
    Duration staleWhileRevalidate, Duration staleIfError, boolean mustRevalidate, boolean noCache) {

  /** Status codes that are heuristically cacheable (RFC 9110 §15.1). */
  static final Set<Integer> HEURISTIC_STATUSES = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /** Fraction of the time since Last-Modified used as a heuristic lifetime (RFC 9111 §4.2.2 suggests 10%). */
  static final double HEURISTIC_FRACTION = 0.1;

  /**
   * Computes freshness for a response that was requested at {@code requestTime} and arrived at
   * {@code responseTime}, using the directives the edge obeys ({@code cc}, possibly a targeted field).
   * Heuristic lifetimes are capped at {@code heuristicCap}.
   */
  public static Freshness of(int status, HeaderList headers, CacheControl cc, Instant requestTime,
      Instant responseTime, Duration heuristicCap) {
    Instant date = date(headers, Headers.DATE).orElse(responseTime);
    Duration lifetime = lifetime(status, headers, cc, date, heuristicCap);
    // §4.2.3: apparent age, corrected age value (adds the response delay), the larger of the two.
    Duration apparent = max(Duration.ZERO, Duration.between(date, responseTime));
    Duration ageValue = Duration.ofSeconds(ageHeader(headers));
    Duration corrected = ageValue.plus(max(Duration.ZERO, Duration.between(requestTime, responseTime)));
    Duration initialAge = max(apparent, corrected);
    boolean mustRevalidate = cc.mustRevalidate() || cc.proxyRevalidate() || cc.sMaxAge().isPresent();
    return new Freshness(lifetime, initialAge, responseTime,
        Duration.ofSeconds(cc.staleWhileRevalidate().orElse(0)), Duration.ofSeconds(cc.staleIfError().orElse(0)),
        mustRevalidate, cc.noCache());
  }

  /** §4.2.1: s-maxage, then max-age, then Expires minus Date, then a heuristic, else zero. */
  static Duration lifetime(int status, HeaderList headers, CacheControl cc, Instant date, Duration heuristicCap) {
    if (cc.sMaxAge().isPresent()) return Duration.ofSeconds(cc.sMaxAge().getAsLong());
    if (cc.maxAge().isPresent()) return Duration.ofSeconds(cc.maxAge().getAsLong());
    Optional<String> expires = headers.first(Headers.EXPIRES);
    if (expires.isPresent()) {
      // An invalid Expires (e.g. "0") means already expired (§5.3).
      return date(expires.get()).map(e -> max(Duration.ZERO, Duration.between(date, e))).orElse(Duration.ZERO);
    }
    if (hasExplicitPermission(cc) || HEURISTIC_STATUSES.contains(status)) {
      Optional<Instant> lastModified = date(headers, Headers.LAST_MODIFIED);
      if (lastModified.isPresent() && lastModified.get().isBefore(date)) {
        Duration sinceModified = Duration.between(lastModified.get(), date);
        Duration heuristic = Duration.ofMillis((long) (sinceModified.toMillis() * HEURISTIC_FRACTION));
        return heuristic.compareTo(heuristicCap) > 0 ? heuristicCap : heuristic;
      }
    }
    return Duration.ZERO;
  }

  private static boolean hasExplicitPermission(CacheControl cc) {
    return cc.isPublic();
  }

  /** Current age at {@code now} (§4.2.3): corrected initial age plus resident time. */
  public Duration age(Instant now) {
    return initialAge.plus(max(Duration.ZERO, Duration.between(responseTime, now)));
  }

  /** Remaining freshness at {@code now}; negative once stale. */
  public Duration ttl(Instant now) {
    return lifetime.minus(age(now));
  }

  /** Whether the response may be served without validation at {@code now} (ignoring request directives). */
  public boolean isFresh(Instant now) {
    return !noCache && ttl(now).isPositive();
  }

  /** How long it has been stale at {@code now} (zero while fresh). */
  public Duration staleness(Instant now) {
    return max(Duration.ZERO, ttl(now).negated());
  }

  /** Whether it may be served stale while one background revalidation runs (RFC 5861 §3). */
  public boolean allowsStaleWhileRevalidate(Instant now) {
    return !mustRevalidate && !noCache && staleness(now).compareTo(staleWhileRevalidate) <= 0 && staleWhileRevalidate.isPositive();
  }

  /** Whether it may be served stale because the origin failed (RFC 5861 §4). */
  public boolean allowsStaleIfError(Instant now) {
    return !mustRevalidate && staleIfError.isPositive() && staleness(now).compareTo(staleIfError) <= 0;
  }

  /** A copy that is stale from now on (soft purge, §4.4 invalidation) but keeps its stale windows. */
  public Freshness expired(Instant now) {
    Duration age = age(now);
    return new Freshness(age.compareTo(lifetime) < 0 ? age : lifetime, initialAge, responseTime,
        staleWhileRevalidate, staleIfError, mustRevalidate, noCache);
  }

  static Optional<Instant> date(HeaderList headers, io.undertow.util.HttpString name) {
    return headers.first(name).flatMap(Freshness::date);
  }

  static Optional<Instant> date(String value) {
    Date d = DateUtils.parseDate(value);
    return Optional.ofNullable(d).map(Date::toInstant);
  }

  private static long ageHeader(HeaderList headers) {
    String age = headers.first(Headers.AGE).orElse("0").trim();
    if (age.isEmpty() || !age.chars().allMatch(Character::isDigit) || age.length() > 10) return 0;
    return Long.parseLong(age);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
