package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * One origin replica the edge may forward to: a stable {@code id} (named in stats and hashed by the
 * consistent-hash strategies, so moving a replica to another address keeps its keys), its base URL
 * ({@code http://127.0.10.1:8081}) and a {@code weight} from 1 to {@value #MAX_WEIGHT}.
 */
public record Replica(String id, URI base, int weight) {
  /** The largest weight, as HAProxy's; it also bounds the tables built from weights. */
  public static final int MAX_WEIGHT = 256;

  public Replica {
    requireNonNull(id, "id");
    requireNonNull(base, "base");
    if (id.isBlank()) throw new IllegalArgumentException("replica id must not be blank");
    if (base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException("origin must be an absolute http URL, was " + base);
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight of " + id + " must be 1.." + MAX_WEIGHT + ", was " + weight);
    }
  }

  /** A replica of weight 1 named by its authority ({@code 127.0.10.1:8081}). */
  public Replica(URI base) {
    this(requireNonNull(base, "base").getRawAuthority() == null ? "?" : base.getRawAuthority(), base, 1);
  }

  /** A replica with an explicit id and weight. */
  public static Replica of(String id, String base, int weight) {
    return new Replica(id, URI.create(base), weight);
  }

  /** The URL of {@code pathAndQuery} on this replica (the base's own path, if any, is a prefix). */
  public URI resolve(String pathAndQuery) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (basePath.endsWith("/")) basePath = basePath.substring(0, basePath.length() - 1);
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + pathAndQuery);
  }

  /**
   * The id's hash alone (cached by the String), where a record's would combine every field's on each call: replicas key
   * the pools' and connections' maps, looked up on every passed request. Equal replicas have equal ids.
   */
  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
