package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9111 §3: what a shared cache may store. */
class StorabilityTest {
  static Storability verdict(String method, String requestCc, boolean auth, int status, String... headers) {
    HeaderList h = HeaderList.of(headers);
    return Storability.of(method, CacheControl.parse(requestCc), auth, status, h, EdgeDirectives.of(h));
  }

  @Test
  void maxAgeResponseToGetIsStored() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60").storable()).isTrue();
  }

  @Test
  void postIsNotStored() {
    assertThat(verdict("POST", null, false, 200, "Cache-Control", "max-age=60").reason()).isEqualTo("method");
  }

  @Test
  void noStoreResponseIsNotStored() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60, no-store").reason()).isEqualTo("no-store");
  }

  @Test
  void noStoreRequestIsNotStored() {
    assertThat(verdict("GET", "no-store", false, 200, "Cache-Control", "max-age=60").storable()).isFalse();
  }

  @Test
  void privateIsNeverStoredInASharedCache() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "private, max-age=60").reason()).isEqualTo("private");
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "private=\"Set-Cookie\", max-age=60").storable()).isFalse();
  }

  @Test
  void noCacheResponseIsStoredForRevalidation() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "no-cache", "ETag", "\"a\"").storable()).isTrue();
  }

  @Test
  void authorizationNeedsPublicSMaxAgeOrMustRevalidate() {
    assertThat(verdict("GET", null, true, 200, "Cache-Control", "max-age=60").reason()).isEqualTo("authorization");
    assertThat(verdict("GET", null, true, 200, "Cache-Control", "public, max-age=60").storable()).isTrue();
    assertThat(verdict("GET", null, true, 200, "Cache-Control", "s-maxage=60").storable()).isTrue();
    assertThat(verdict("GET", null, true, 200, "Cache-Control", "max-age=60, must-revalidate").storable()).isTrue();
  }

  @Test
  void setCookieIsNeverStoredEvenWhenPublic() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "public, max-age=60", "Set-Cookie", "s=1").reason())
        .isEqualTo("set-cookie");
  }

  @Test
  void serverSentEventsAreNeverStoredWhateverTheirCacheControl() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "public, max-age=60", "Content-Type",
        "text/event-stream").reason()).isEqualTo("event-stream");
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60", "Content-Type",
        " Text/Event-Stream ; charset=utf-8").reason()).isEqualTo("event-stream");
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60", "Content-Type",
        "text/event-streams").storable()).isTrue();
  }

  @Test
  void varyStarIsNotStoredBecauseItNeverMatches() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60", "Vary", "*").reason()).isEqualTo("vary-star");
  }

  @Test
  void partialAndNotModifiedAreNotStoredAsFullResponses() {
    assertThat(verdict("GET", null, false, 206, "Cache-Control", "max-age=60").storable()).isFalse();
    assertThat(verdict("GET", null, false, 304, "Cache-Control", "max-age=60").storable()).isFalse();
  }

  @Test
  void heuristicallyCacheableStatusNeedsNoExplicitFreshness() {
    assertThat(verdict("GET", null, false, 404).storable()).isTrue();
    assertThat(verdict("GET", null, false, 301).storable()).isTrue();
  }

  @Test
  void otherStatusesNeedExplicitFreshness() {
    assertThat(verdict("GET", null, false, 302).reason()).isEqualTo("status");
    assertThat(verdict("GET", null, false, 500).storable()).isFalse();
    assertThat(verdict("GET", null, false, 302, "Cache-Control", "max-age=60").storable()).isTrue();
    assertThat(verdict("GET", null, false, 503, "Expires", "Thu, 01 Jan 2099 00:00:00 GMT").storable()).isTrue();
  }

  @Test
  void targetedFieldOverridesCacheControlForTheEdge() {
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60").storable()).isTrue();
    assertThat(verdict("GET", null, false, 200, "Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store").storable()).isFalse();
  }
}
