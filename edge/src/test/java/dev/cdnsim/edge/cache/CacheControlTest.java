package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing Cache-Control the lenient way caches must. */
class CacheControlTest {
  @Test
  void parsesCommonDirectivesCaseInsensitively() {
    CacheControl cc = CacheControl.parse("Public, MAX-AGE=60, s-maxage=\"120\", stale-while-revalidate=30, stale-if-error=600");
    assertThat(cc.isPublic()).isTrue();
    assertThat(cc.maxAge()).hasValue(60);
    assertThat(cc.sMaxAge()).hasValue(120);
    assertThat(cc.staleWhileRevalidate()).hasValue(30);
    assertThat(cc.staleIfError()).hasValue(600);
  }

  @Test
  void maxStaleWithoutValueAcceptsAnyStaleness() {
    assertThat(CacheControl.parse("max-stale").maxStale()).hasValue(Long.MAX_VALUE);
    assertThat(CacheControl.parse("max-stale=5").maxStale()).hasValue(5);
  }

  @Test
  void duplicateDirectiveKeepsTheFirst() {
    assertThat(CacheControl.parse("max-age=10, max-age=1000").maxAge()).hasValue(10);
  }

  @Test
  void hugeDeltaIsClampedTo2Pow31() {
    assertThat(CacheControl.parse("max-age=99999999999999999999").maxAge()).hasValue(CacheControl.MAX_DELTA);
  }

  @Test
  void quotedCommasDoNotSplitDirectives() {
    CacheControl cc = CacheControl.parse("private=\"Set-Cookie, X-Foo\", max-age=5");
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.maxAge()).hasValue(5);
  }

  @Test
  void absentOrEmptyIsNotPresent() {
    assertThat(CacheControl.parse(null).present()).isFalse();
    assertThat(CacheControl.parse(" , ").present()).isFalse();
  }

  @Test
  void pragmaNoCacheCountsOnlyWithoutCacheControl() {
    assertThat(CacheStrategy.requestDirectives(null, "no-cache").noCache()).isTrue();
    assertThat(CacheStrategy.requestDirectives("max-age=5", "no-cache").noCache()).isFalse();
  }
}
