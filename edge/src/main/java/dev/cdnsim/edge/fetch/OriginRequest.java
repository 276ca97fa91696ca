package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.HeaderList;

/**
 * A request to send to an origin replica.
 *
 * @param method       request method
 * @param pathAndQuery the target as the client sent it
 * @param balanceKey   what the balancer may hash on (the cache key's URL)
 * @param headers      end-to-end fields to send (hop-by-hop already removed)
 * @param body         request content (empty for GET/HEAD)
 */
record OriginRequest(String method, String pathAndQuery, String balanceKey, HeaderList headers, byte[] body) {
  OriginRequest {
    requireNonNull(method, "method");
    requireNonNull(pathAndQuery, "pathAndQuery");
    requireNonNull(balanceKey, "balanceKey");
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }
}
