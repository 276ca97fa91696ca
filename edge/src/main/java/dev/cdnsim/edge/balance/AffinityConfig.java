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
  public enum Mode {
    NONE, COOKIE, SOURCE_IP;

    /** The mode a config file or flag names: {@code none}, {@code cookie} or {@code source-ip}. */
    public static Mode named(String name) {
      return switch (name) {
        case "none" -> NONE;
        case "cookie" -> COOKIE;
        case "source-ip" -> SOURCE_IP;
        default -> throw new IllegalArgumentException("must be none, cookie or source-ip, was \"" + name + "\"");
      };
    }
  }

  public AffinityConfig {
    requireNonNull(mode, "mode");
    requireNonNull(cookieName, "cookieName");
    requireNonNull(secret, "secret");
    requireNonNull(idleTimeout, "idleTimeout");
    if (!cookieName.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("bad cookie name: " + cookieName);
    if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
  }

  /**
   * {@code mode} with cdnsim's defaults: the route cookie {@code cdnsim_route} keyed with {@code cookieSecret} ("" for a
   * random key), or a source address pinned for 30 minutes after its last request.
   */
  public static AffinityConfig of(Mode mode, String cookieSecret) {
    return switch (mode) {
      case NONE -> none();
      case COOKIE -> cookie("cdnsim_route", cookieSecret);
      case SOURCE_IP -> sourceIp(Duration.ofMinutes(30));
    };
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
