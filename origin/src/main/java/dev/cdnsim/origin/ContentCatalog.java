package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Resolves request paths of the form {@code /objects/{n}} to the objects of a {@link CatalogConfig}. */
public final class ContentCatalog {
  static final String PREFIX = "/objects/";
  private final CatalogConfig config;

  public ContentCatalog(CatalogConfig config) {
    this.config = requireNonNull(config, "config");
  }

  /** The object at {@code path} (query already removed), or empty when the path names no object. */
  public Optional<CatalogObject> lookup(String path) {
    if (!path.startsWith(PREFIX)) return Optional.empty();
    String id = path.substring(PREFIX.length());
    if (id.isEmpty() || id.length() > 10 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
    long number = Long.parseLong(id);
    if (number < 1 || number > config.objects()) return Optional.empty();
    return Optional.of(object(number));
  }

  /** Object {@code number}, which must lie in {@code 1..objects}. */
  public CatalogObject object(long number) {
    long size = config.sizes().sizeOf(number, config.seed());
    long tag = SizeDistribution.mix(config.seed() * 1_000_003 + number);
    String etag = "\"" + Long.toHexString(tag) + "-" + Long.toHexString(size) + "\"";
    return new CatalogObject(number, size, etag, config.lastModified(), config.cacheControl(), config.seed());
  }

  @Override
  public String toString() {
    return "ContentCatalog" + config;
  }
}
