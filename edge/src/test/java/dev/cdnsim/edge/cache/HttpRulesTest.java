package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.FreshnessTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small pure rules: Vary normalisation, single ranges, client preconditions, same-origin invalidation targets. */
class HttpRulesTest {
  static CachedResponse stored(String... headers) {
    return CachedResponse.of(200, HeaderList.of(headers), ByteBuffer.allocate(0), Map.of(), T0, T0, Duration.ofDays(1));
  }

  @Test
  void acceptEncodingIsSortedLowerCasedAndDropsRefusedCodings() {
    assertThat(Vary.acceptEncoding("GZIP, br;q=0.5, deflate;q=0, x-gzip")).isEqualTo("br,gzip");
    assertThat(Vary.acceptEncoding("")).isEmpty();
  }

  @Test
  void acceptEncodingKeepsOnlyTheCodingsOriginsSendSoBrowsersShareVariants() {
    assertThat(Vary.acceptEncoding("gzip, deflate, br, zstd")).isEqualTo("br,gzip,zstd");
    assertThat(Vary.acceptEncoding("gzip, deflate, br")).isEqualTo(Vary.acceptEncoding("br, gzip"));
    assertThat(Vary.acceptEncoding("deflate, compress, identity, *")).isEmpty();
  }

  @Test
  void aFillAsksForTheKeptCodingsOnly() {
    HeaderList browser = HeaderList.of("Host", "x", "Accept-Encoding", "gzip, deflate, br", "Accept", "*/*");
    HeaderList old = HeaderList.of("Host", "x", "Accept-Encoding", "deflate");

    assertThat(Vary.withKeptCodings(browser).joined(Headers.ACCEPT_ENCODING)).contains("br, gzip");
    assertThat(Vary.withKeptCodings(browser).first("Accept")).contains("*/*");
    assertThat(Vary.withKeptCodings(old).contains(Headers.ACCEPT_ENCODING)).isFalse();
  }

  @Test
  void varyNamesAreLowerCasedSortedAndDeduplicated() {
    assertThat(Vary.names("User-Agent, accept-encoding,Accept-Encoding")).containsExactly("accept-encoding", "user-agent");
  }

  @Test
  void rangeForms() {
    assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange.Partial(new ByteRange(0, 9)));
    assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange.Partial(new ByteRange(90, 99)));
    assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange.Partial(new ByteRange(90, 99)));
    assertThat(ByteRange.parse("bytes=50-1000", 100)).isEqualTo(new ByteRange.Partial(new ByteRange(50, 99)));
    assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }

  @Test
  void rangesWeIgnoreGetTheWholeRepresentation() {
    assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isInstanceOf(ByteRange.Whole.class);
    assertThat(ByteRange.parse("items=0-1", 100)).isInstanceOf(ByteRange.Whole.class);
    assertThat(ByteRange.parse("bytes=9-2", 100)).isInstanceOf(ByteRange.Whole.class);
    assertThat(ByteRange.parse("bytes=x-", 100)).isInstanceOf(ByteRange.Whole.class);
  }

  @Test
  void ifNoneMatchUsesWeakComparisonAndStar() {
    CachedResponse r = stored("ETag", "W/\"a\"");
    assertThat(Preconditions.notModified("\"a\"", null, r)).isTrue();
    assertThat(Preconditions.notModified("\"b\", W/\"a\"", null, r)).isTrue();
    assertThat(Preconditions.notModified("\"b\"", null, r)).isFalse();
    assertThat(Preconditions.notModified("*", null, r)).isTrue();
  }

  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    CachedResponse r = stored("ETag", "\"a\"", "Last-Modified", "Sun, 01 Feb 2026 00:00:00 GMT");
    assertThat(Preconditions.notModified("\"b\"", "Mon, 02 Feb 2026 00:00:00 GMT", r)).isFalse();
  }

  @Test
  void ifRangeNeedsAStrongMatch() {
    CachedResponse strong = stored("ETag", "\"a\"");
    CachedResponse weak = stored("ETag", "W/\"a\"");
    assertThat(Preconditions.rangeAllowed("\"a\"", strong)).isTrue();
    assertThat(Preconditions.rangeAllowed("W/\"a\"", weak)).isFalse();
    assertThat(Preconditions.rangeAllowed("\"a\"", weak)).isFalse();
  }

  @Test
  void sameOriginLocationIsAnInvalidationTargetAndOtherHostsAreNot() {
    CacheKey key = new CacheKey("http", "a.test", "/items/1");
    assertThat(key.resolveSameOrigin("/items")).contains(new CacheKey("http", "a.test", "/items"));
    assertThat(key.resolveSameOrigin("2?x=1")).contains(new CacheKey("http", "a.test", "/items/2?x=1"));
    assertThat(key.resolveSameOrigin("http://A.TEST/z")).contains(new CacheKey("http", "a.test", "/z"));
    assertThat(key.resolveSameOrigin("http://b.test/z")).isEmpty();
    assertThat(key.resolveSameOrigin("::not a uri")).isEmpty();
  }

  @Test
  void freshenedResponseDropsTheOldAgeAndDate() {
    CachedResponse r = stored("Age", "100", "Date", "Sun, 01 Mar 2026 11:00:00 GMT", "Cache-Control", "max-age=600");
    CachedResponse f = r.freshened(HeaderList.of("Cache-Control", "max-age=600"), T0.plusSeconds(10), T0.plusSeconds(10),
        Duration.ofDays(1));
    assertThat(f.headers().first("Age")).isEmpty();
    assertThat(f.headers().first("Date")).isEmpty();
    assertThat(f.freshness().age(T0.plusSeconds(10))).isZero();
  }

  @Test
  void freshenedResponseTakesThe304sFieldsButNotItsLength() {
    CachedResponse r = stored("ETag", "\"a\"", "Content-Length", "10", "Cache-Control", "max-age=1", "X-A", "1");
    CachedResponse f = r.freshened(HeaderList.of("Cache-Control", "max-age=100", "Content-Length", "0", "X-A", "2"),
        T0.plusSeconds(50), T0.plusSeconds(50), Duration.ofDays(1));
    assertThat(f.headers().first("X-A")).hasValue("2");
    // Content-Length is not stored at all (answers from the store state the body's own length); a 304's never applies.
    assertThat(f.headers().first("Content-Length")).isEmpty();
    assertThat(f.freshness().ttl(T0.plusSeconds(60))).isEqualTo(Duration.ofSeconds(90));
  }
}
