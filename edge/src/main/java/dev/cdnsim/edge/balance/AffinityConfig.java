package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Session affinity: whether later requests of a client go to the replica its first request went to,
 * while that replica stays eligible (re-pinned when it is not).
 *
 * @param mode        none, a route cookie, or the client's source address
 * @param cookieName  the route cookie's name (cookie mode)
 * @param secret      the key the cookie's token is derived from; "" means a random key per process, so
 *                    cookies do not survive an edge restart (set one for a fleet of edges)
 * @param idleTimeout how long a source address stays pinned after its last request (source-IP mode)
 */
public record AffinityConfig(Mode mode, String cookieName, String secret, Duration idleTimeout) {

  /** Kinds of affinity. */
  public enum Mode { NONE, COOKIE, SOURCE_IP }

  public AffinityConfig {
    requireNonNull(mode, "mode");
    requireNonNull(cookieName, "cookieName");
    requireNonNull(secret, "secret");
    requireNonNull(idleTimeout, "idleTimeout");
    if (!cookieName.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("bad cookie name: " + cookieName);
    if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
  }

  public static AffinityConfig none() {
    return new AffinityConfig(Mode.NONE, "cdnsim_route", "", Duration.ofMinutes(30));
  }

  /** An HttpOnly route cookie named {@code name}, keyed with {@code secret} ("" for a random key). */
  public static AffinityConfig cookie(String name, String secret) {
    return new AffinityConfig(Mode.COOKIE, name, secret, Duration.ofMinutes(30));
  }

  /** Pins a source address for {@code idleTimeout} after its last request (HAProxy's {@code stick on src}). */
  public static AffinityConfig sourceIp(Duration idleTimeout) {
    return new AffinityConfig(Mode.SOURCE_IP, "cdnsim_route", "", idleTimeout);
  }

  @Override
  public String toString() {
    return "AffinityConfig[" + mode + (mode == Mode.COOKIE ? " " + cookieName : "")
        + (mode == Mode.SOURCE_IP ? " " + idleTimeout : "") + "]";
  }
}
