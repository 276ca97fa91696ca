package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * One origin replica: its name, where it listens (port 0 picks a free port) and the catalog it serves.
 */
public record OriginConfig(String id, InetSocketAddress listen, CatalogConfig catalog) {
  public OriginConfig {
    requireNonNull(id, "id");
    requireNonNull(listen, "listen");
    requireNonNull(catalog, "catalog");
    if (id.isBlank()) throw new IllegalArgumentException("id must not be blank");
  }
}
