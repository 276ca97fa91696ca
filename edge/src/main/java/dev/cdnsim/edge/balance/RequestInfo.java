package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;

/**
 * What selection may look at in a request.
 *
 * @param hashKey the key consistent hashing uses (the cache key's URL)
 * @param client  the client's address (IP hash and source-IP affinity)
 * @param cookies the request's {@code Cookie} header fields joined with "; ", or "" (cookie affinity)
 */
public record RequestInfo(String hashKey, InetAddress client, String cookies) {
  public RequestInfo {
    requireNonNull(hashKey, "hashKey");
    requireNonNull(client, "client");
    requireNonNull(cookies, "cookies");
  }

  /** A request without cookies. */
  public static RequestInfo of(String hashKey, InetAddress client) {
    return new RequestInfo(hashKey, client, "");
  }
}
