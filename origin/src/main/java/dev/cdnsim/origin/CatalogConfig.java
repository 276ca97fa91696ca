package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a synthetic catalog serves: objects {@code /objects/1} … {@code /objects/N}, their sizes,
 * the {@code Cache-Control} they carry and the time they were last modified.
 *
 * @param seed         decides every object's bytes and size; replicas with one seed serve identical objects
 * @param objects      how many objects exist (N); other numbers get 404
 * @param sizes        how big each object is
 * @param cacheControl the {@code Cache-Control} value of every object, or empty for none
 * @param lastModified the {@code Last-Modified} of every object (whole seconds)
 */
public record CatalogConfig(long seed, int objects, SizeDistribution sizes, String cacheControl, Instant lastModified) {

  /** The value used when a topology says nothing: {@code public, max-age=300}. */
  public static final String DEFAULT_CACHE_CONTROL = "public, max-age=300";

  public CatalogConfig {
    if (objects < 1) throw new IllegalArgumentException("objects must be >= 1, was " + objects);
    requireNonNull(sizes, "sizes");
    requireNonNull(cacheControl, "cacheControl");
    requireNonNull(lastModified, "lastModified");
    lastModified = Instant.ofEpochSecond(lastModified.getEpochSecond());
  }

  /** 10 000 objects of about 10 KiB (log-normal, 1 KiB to 1 MiB), {@code public, max-age=300}. */
  public static CatalogConfig defaults() {
    return new CatalogConfig(42, 10_000, new SizeDistribution(10 * 1024, 1.0, 1024, 1024 * 1024),
        DEFAULT_CACHE_CONTROL, Instant.parse("2026-01-01T00:00:00Z"));
  }
}
