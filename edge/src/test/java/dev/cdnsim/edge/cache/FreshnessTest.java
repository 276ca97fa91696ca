package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.DateUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.2 freshness lifetime and age, and RFC 5861 stale windows, on fixed instants. */
class FreshnessTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration CAP = Duration.ofDays(1);

  static String http(Instant t) {
    return DateUtils.toDateString(Date.from(t));
  }

  static Freshness freshness(int status, HeaderList headers) {
    return freshness(status, headers, T0, T0);
  }

  static Freshness freshness(int status, HeaderList headers, Instant requested, Instant received) {
    return Freshness.of(status, headers, EdgeDirectives.of(headers), requested, received, CAP);
  }

  @Test
  void sMaxAgeWinsOverMaxAgeAndExpires() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Cache-Control", "max-age=10, s-maxage=100",
        "Expires", http(T0.plusSeconds(1000))));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void maxAgeWinsOverExpires() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Cache-Control", "max-age=10", "Expires", http(T0.plusSeconds(1000))));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void expiresMinusDate() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0.minusSeconds(5)), "Expires", http(T0.plusSeconds(55))));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void invalidExpiresMeansAlreadyExpired() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Expires", "0", "Last-Modified", http(T0.minusSeconds(10_000))));
    assertThat(f.lifetime()).isZero();
    assertThat(f.isFresh(T0)).isFalse();
  }

  @Test
  void invalidMaxAgeMeansStale() {
    assertThat(freshness(200, HeaderList.of("Cache-Control", "max-age=ten")).lifetime()).isZero();
  }

  @Test
  void heuristicIsTenPercentOfTimeSinceLastModified() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Last-Modified", http(T0.minusSeconds(1000))));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void heuristicIsCapped() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Last-Modified", http(T0.minus(Duration.ofDays(365)))));
    assertThat(f.lifetime()).isEqualTo(CAP);
  }

  @Test
  void heuristicOnlyForHeuristicallyCacheableStatus() {
    HeaderList h = HeaderList.of("Date", http(T0), "Last-Modified", http(T0.minusSeconds(1000)));
    assertThat(freshness(302, h).lifetime()).isZero();
    assertThat(freshness(404, h).lifetime()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void ageAddsResidentTime() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Cache-Control", "max-age=60"));
    assertThat(f.age(T0.plusSeconds(25))).isEqualTo(Duration.ofSeconds(25));
    assertThat(f.ttl(T0.plusSeconds(25))).isEqualTo(Duration.ofSeconds(35));
    assertThat(f.isFresh(T0.plusSeconds(59))).isTrue();
    assertThat(f.isFresh(T0.plusSeconds(60))).isFalse();
  }

  @Test
  void apparentAgeFromAnOldDate() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0.minusSeconds(30)), "Cache-Control", "max-age=60"));
    assertThat(f.age(T0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void correctedAgeAddsUpstreamAgeAndResponseDelay() {
    // Age 20 from upstream, and 3 s between sending the request and receiving the response.
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Age", "20", "Cache-Control", "max-age=60"),
        T0.minusSeconds(3), T0);
    assertThat(f.age(T0)).isEqualTo(Duration.ofSeconds(23));
  }

  @Test
  void dateInTheFutureGivesNoNegativeAge() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0.plusSeconds(100)), "Cache-Control", "max-age=60"));
    assertThat(f.age(T0)).isZero();
  }

  @Test
  void missingDateCountsFromReceipt() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "max-age=60"));
    assertThat(f.age(T0.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void staleWhileRevalidateWindow() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Cache-Control", "max-age=10, stale-while-revalidate=30"));
    assertThat(f.allowsStaleWhileRevalidate(T0.plusSeconds(39))).isTrue();
    assertThat(f.allowsStaleWhileRevalidate(T0.plusSeconds(41))).isFalse();
  }

  @Test
  void staleIfErrorWindow() {
    Freshness f = freshness(200, HeaderList.of("Date", http(T0), "Cache-Control", "max-age=10, stale-if-error=60"));
    assertThat(f.allowsStaleIfError(T0.plusSeconds(70))).isTrue();
    assertThat(f.allowsStaleIfError(T0.plusSeconds(71))).isFalse();
  }

  @Test
  void mustRevalidateForbidsEveryStaleUse() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "max-age=10, must-revalidate, stale-while-revalidate=30, stale-if-error=60"));
    assertThat(f.allowsStaleWhileRevalidate(T0.plusSeconds(15))).isFalse();
    assertThat(f.allowsStaleIfError(T0.plusSeconds(15))).isFalse();
  }

  @Test
  void proxyRevalidateForbidsStaleInASharedCache() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "max-age=10, proxy-revalidate, stale-if-error=60"));
    assertThat(f.allowsStaleIfError(T0.plusSeconds(15))).isFalse();
  }

  @Test
  void sMaxAgeImpliesProxyRevalidate() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "s-maxage=10, stale-if-error=60"));
    assertThat(f.mustRevalidate()).isTrue();
  }

  @Test
  void noCacheResponseIsNeverFresh() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "no-cache, max-age=600"));
    assertThat(f.isFresh(T0)).isFalse();
  }

  @Test
  void expiredKeepsStaleWindowsButIsNoLongerFresh() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "max-age=600, stale-if-error=60")).expired(T0.plusSeconds(5));
    assertThat(f.isFresh(T0.plusSeconds(5))).isFalse();
    assertThat(f.allowsStaleIfError(T0.plusSeconds(30))).isTrue();
  }

  @Test
  void cdnCacheControlTakesPrecedenceOverCacheControl() {
    Freshness f = freshness(200, HeaderList.of("Cache-Control", "max-age=5", "CDN-Cache-Control", "max-age=500"));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(500));
  }

  @Test
  void cdnsimCacheControlTakesPrecedenceOverCdnCacheControl() {
    Freshness f = freshness(200, HeaderList.of("CDN-Cache-Control", "max-age=500", "Cdnsim-Cache-Control", "max-age=50"));
    assertThat(f.lifetime()).isEqualTo(Duration.ofSeconds(50));
  }
}
