package dev.cdnsim.topology.config;

import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.ContentClass;
import dev.cdnsim.origin.SizeDistribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks and converts a topology file's {@code catalog}: objects, popularity, sizes, content classes, changes. */
record CatalogSection(Problems problems) {
  static final double DEFAULT_ZIPF = 0.9;

  /** The catalog to serve, each content class's share of requests, and the Zipf exponent of popularity. */
  record Catalog(CatalogConfig config, List<Double> shares, double zipfAlpha) {}

  Catalog build(TopologyFile.Catalog c) {
    CatalogConfig base = CatalogConfig.defaults();
    if (c == null) return new Catalog(base, List.of(1.0), DEFAULT_ZIPF);
    List<Double> shares = new ArrayList<>();
    int objects = (int) problems.between("$.catalog.objects", c.objects() == null ? null : c.objects().doubleValue(), 1,
        100_000_000, base.objects());
    double zipf = c.popularity() == null ? DEFAULT_ZIPF
        : problems.between("$.catalog.popularity.zipf", c.popularity().zipf(), 0, 10, DEFAULT_ZIPF);
    SizeDistribution sizes = sizes(c.sizes(), base.sizes());
    List<ContentClass> classes = classes(c, shares);
    Duration changeInterval = c.changeInterval() == null ? Duration.ZERO
        : problems.convert("$.catalog.changeInterval", c.changeInterval(), DurationText::parse).orElse(Duration.ZERO);
    long seed = c.seed() == null ? base.seed() : c.seed();
    return new Catalog(new CatalogConfig(seed, objects, sizes, classes, Instant.parse("2026-01-01T00:00:00Z"),
        changeInterval), shares, zipf);
  }

  /** The content classes with their shares of requests; without any, one class under /objects/. */
  private List<ContentClass> classes(TopologyFile.Catalog c, List<Double> shares) {
    List<ContentClass> classes = new ArrayList<>();
    if (c.classes() == null || c.classes().isEmpty()) {
      String cacheControl = c.cacheControl() == null ? CatalogConfig.DEFAULT_CACHE_CONTROL : c.cacheControl();
      problems.convert("$.catalog.cacheControl", cacheControl, v -> new ContentClass("/objects/", v)).ifPresent(classes::add);
      shares.add(1.0);
      return classes.isEmpty() ? List.of(new ContentClass("/objects/", CatalogConfig.DEFAULT_CACHE_CONTROL)) : classes;
    }
    if (c.cacheControl() != null) problems.add("$.catalog.cacheControl", "give it per class when classes are listed");
    double total = 0;
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < c.classes().size(); i++) {
      String at = "$.catalog.classes[" + i + "]";
      TopologyFile.ContentClass k = c.classes().get(i);
      if (k == null) {
        problems.add(at, "must be an object");
        continue;
      }
      String path = problems.required(at + ".path", k.path()).orElse("/objects/");
      String cacheControl = k.cacheControl() == null ? "" : k.cacheControl();
      double share = problems.between(at + ".share", k.share(), 0, 1, 1.0 / c.classes().size());
      total += share;
      if (!prefixes.add(path)) {
        problems.add(at + ".path", "\"" + path + "\" is listed twice");
        continue;
      }
      problems.convert(at + ".path", path, p -> new ContentClass(p, cacheControl)).ifPresent(cls -> {
        classes.add(cls);
        shares.add(share);
      });
    }
    if (Math.abs(total - 1) > 1e-6) problems.add("$.catalog.classes", "the shares must add up to 1, they add up to " + total);
    if (classes.isEmpty()) {
      shares.clear();
      shares.add(1.0);
      return List.of(new ContentClass("/objects/", CatalogConfig.DEFAULT_CACHE_CONTROL));
    }
    return classes;
  }

  private SizeDistribution sizes(TopologyFile.Sizes s, SizeDistribution base) {
    if (s == null) return base;
    long median = s.median() == null ? base.medianBytes()
        : problems.convert("$.catalog.sizes.median", s.median(), DataSize::parse).orElse(base.medianBytes());
    long min = s.min() == null ? Math.min(median, base.minBytes())
        : problems.convert("$.catalog.sizes.min", s.min(), DataSize::parse).orElse(0L);
    long max = s.max() == null ? Math.max(median, base.maxBytes())
        : problems.convert("$.catalog.sizes.max", s.max(), DataSize::parse).orElse(median);
    double sigma = problems.between("$.catalog.sizes.sigma", s.sigma(), 0, 5, base.sigma());
    if (max > Integer.MAX_VALUE - 16) problems.add("$.catalog.sizes.max", "must be below 2 GiB");
    if (min > median || median > max) {
      problems.add("$.catalog.sizes", "needs min <= median <= max, was " + min + " <= " + median + " <= " + max);
      return base;
    }
    return new SizeDistribution(median, sigma, min, max);
  }
}
