package dev.cdnsim.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCatalogTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final CatalogConfig base = CatalogConfig.defaults();

  @Test
  void eachClassServesItsOwnObjectsWithItsCacheControl() {
    ContentCatalog catalog = new ContentCatalog(base.withClasses(List.of(
        new ContentClass("/objects/", "public, max-age=300"),
        new ContentClass("/static/", "public, max-age=86400, immutable"))));
    CatalogObject plain = catalog.lookup("/objects/7", NOW).orElseThrow();
    CatalogObject fixed = catalog.lookup("/static/7", NOW).orElseThrow();
    assertThat(plain.cacheControl()).isEqualTo("public, max-age=300");
    assertThat(fixed.cacheControl()).isEqualTo("public, max-age=86400, immutable");
    assertThat(fixed.etag()).isNotEqualTo(plain.etag());
    assertThat(fixed.body()).isNotEqualTo(plain.body());
    assertThat(fixed.size()).isEqualTo(plain.size());
    assertThat(catalog.lookup("/news/7", NOW)).isEmpty();
    assertThat(catalog.lookup("/static/", NOW)).isEmpty();
    assertThat(catalog.lookup("/static/0", NOW)).isEmpty();
  }

  @Test
  void theFirstClassKeepsTheIdentityOfACatalogWithoutClasses() {
    ContentCatalog plain = new ContentCatalog(base);
    assertThat(plain.lookup("/objects/3", NOW).orElseThrow().etag()).isEqualTo(plain.object(3).etag());
  }

  @Test
  void objectsChangeOncePerIntervalWithNewBytesETagAndLastModified() {
    ContentCatalog catalog = new ContentCatalog(base.withChangeInterval(Duration.ofMinutes(10)));
    CatalogObject before = catalog.lookup("/objects/5", NOW).orElseThrow();
    CatalogObject sameVersion = catalog.lookup("/objects/5", NOW.plusSeconds(1)).orElseThrow();
    CatalogObject later = catalog.lookup("/objects/5", NOW.plus(Duration.ofMinutes(10))).orElseThrow();
    assertThat(sameVersion.etag()).isIn(before.etag(), later.etag()); // at most one change in a second
    assertThat(later.etag()).isNotEqualTo(before.etag());
    assertThat(later.body()).isNotEqualTo(before.body());
    assertThat(later.lastModified()).isAfter(before.lastModified());
    assertThat(later.lastModified()).isBetween(NOW, NOW.plus(Duration.ofMinutes(10)));
    assertThat(before.lastModified()).isBetween(NOW.minus(Duration.ofMinutes(10)), NOW);
  }

  @Test
  void changesAreSpreadOverTheIntervalNotAllAtOnce() {
    ChangeSchedule schedule = new ChangeSchedule(42, Duration.ofSeconds(100));
    long changedInFirstTenth = 0;
    for (long object = 1; object <= 10_000; object++) {
      if (schedule.versionAt(object, 10_000_000_000L) != schedule.versionAt(object, 0)) changedInFirstTenth++;
    }
    assertThat(changedInFirstTenth).isBetween(900L, 1100L); // a tenth of the interval: about a tenth of the objects
    assertThat(new ChangeSchedule(42, Duration.ZERO).versionAt(1, Long.MAX_VALUE / 2)).isZero();
  }
}
