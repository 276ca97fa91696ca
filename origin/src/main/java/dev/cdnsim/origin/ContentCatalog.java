package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Resolves request paths such as {@code /objects/42} to the objects of a {@link CatalogConfig}, as they are at a time. */
public final class ContentCatalog {
  private final CatalogConfig config;
  private final ChangeSchedule changes;

  public ContentCatalog(CatalogConfig config) {
    this.config = requireNonNull(config, "config");
    this.changes = config.changeSchedule();
  }

  /** The object at {@code path} (query already removed) as it is at {@code now}; empty when the path names none. */
  public Optional<CatalogObject> lookup(String path, Instant now) {
    List<ContentClass> classes = config.classes();
    for (int c = 0; c < classes.size(); c++) {
      String prefix = classes.get(c).prefix();
      if (!path.startsWith(prefix)) continue;
      String id = path.substring(prefix.length());
      if (id.isEmpty() || id.length() > 10 || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return Optional.empty();
      long number = Long.parseLong(id);
      if (number < 1 || number > config.objects()) return Optional.empty();
      return Optional.of(object(c, number, now));
    }
    return Optional.empty();
  }

  /** Object {@code number} (in {@code 1..objects}) of the first class, as it was first published. */
  public CatalogObject object(long number) {
    return object(0, number, Instant.EPOCH);
  }

  private CatalogObject object(int classIndex, long number, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long version = changes.versionAt(number, nanos);
    long size = config.sizes().sizeOf(number, config.seed());
    // Class 0 at version 0 keeps the original identity: the same bytes and ETag as a catalog without classes.
    long salt = classIndex * 0x632BE59BD9B4E019L + version * 0x8CB92BA72F3D8DD7L;
    long tag = SizeDistribution.mix(config.seed() * 1_000_003 + number) ^ salt;
    String etag = "\"" + Long.toHexString(tag) + "-" + Long.toHexString(size) + "\"";
    Instant modified = config.lastModified();
    if (changes.changes()) {
      Instant changed = Instant.ofEpochSecond(Math.floorDiv(changes.changedAtNanos(number, version), 1_000_000_000L));
      if (changed.isAfter(modified)) modified = changed;
    }
    long bodySeed = SizeDistribution.mix(config.seed() * 31 + number) ^ salt;
    return new CatalogObject(number, size, etag, modified, config.classes().get(classIndex).cacheControl(), bodySeed);
  }

  @Override
  public String toString() {
    return "ContentCatalog" + config;
  }
}
