package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * What a synthetic catalog serves: objects {@code 1} … {@code N} under each class's prefix
 * ({@code /objects/1}, …), their sizes, the {@code Cache-Control} of each class, when they were last modified,
 * and how often they change.
 *
 * @param seed           decides every object's bytes and size; replicas with one seed serve identical objects
 * @param objects        how many objects each class has (N); other numbers get 404
 * @param sizes          how big each object is
 * @param classes        at least one; prefixes unique
 * @param lastModified   the {@code Last-Modified} of objects that have not changed since (whole seconds)
 * @param changeInterval each object changes (new bytes, new ETag) once per interval; zero: never
 */
public record CatalogConfig(long seed, int objects, SizeDistribution sizes, List<ContentClass> classes,
                            Instant lastModified, Duration changeInterval) {

  /** The value used when a topology says nothing: {@code public, max-age=300}. */
  public static final String DEFAULT_CACHE_CONTROL = "public, max-age=300";

  public CatalogConfig {
    if (objects < 1) throw new IllegalArgumentException("objects must be >= 1, was " + objects);
    requireNonNull(sizes, "sizes");
    classes = List.copyOf(classes);
    requireNonNull(lastModified, "lastModified");
    requireNonNull(changeInterval, "changeInterval");
    if (classes.isEmpty()) throw new IllegalArgumentException("at least one content class is needed");
    if (classes.stream().map(ContentClass::prefix).filter(new HashSet<>()::add).count() != classes.size()) {
      throw new IllegalArgumentException("content class prefixes must be unique");
    }
    if (changeInterval.isNegative()) throw new IllegalArgumentException("changeInterval must not be negative");
    lastModified = Instant.ofEpochSecond(lastModified.getEpochSecond());
  }

  /** One class of objects under {@code /objects/} with {@code cacheControl}, never changing. */
  public CatalogConfig(long seed, int objects, SizeDistribution sizes, String cacheControl, Instant lastModified) {
    this(seed, objects, sizes, List.of(new ContentClass("/objects/", cacheControl)), lastModified, Duration.ZERO);
  }

  /** 10 000 objects of about 10 KiB (log-normal, 1 KiB to 1 MiB) under {@code /objects/}, {@code public, max-age=300}. */
  public static CatalogConfig defaults() {
    return new CatalogConfig(42, 10_000, new SizeDistribution(10 * 1024, 1.0, 1024, 1024 * 1024),
        DEFAULT_CACHE_CONTROL, Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** The {@code Cache-Control} of the first class (the only one, in the common case). */
  public String cacheControl() {
    return classes.get(0).cacheControl();
  }

  /** When objects change. */
  public ChangeSchedule changeSchedule() {
    return new ChangeSchedule(seed, changeInterval);
  }

  public CatalogConfig withClasses(List<ContentClass> other) {
    return new CatalogConfig(seed, objects, sizes, other, lastModified, changeInterval);
  }

  public CatalogConfig withChangeInterval(Duration other) {
    return new CatalogConfig(seed, objects, sizes, classes, lastModified, other);
  }
}
