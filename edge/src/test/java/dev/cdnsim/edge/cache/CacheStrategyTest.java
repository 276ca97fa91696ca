package dev.cdnsim.edge.cache;

import static dev.cdnsim.edge.cache.FreshnessTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.cache.CacheStrategy.Action;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request directives against a stored response (RFC 9111 §5.2.1, RFC 5861), on fixed instants. */
class CacheStrategyTest {
  static CachedResponse stored(String cacheControl) {
    HeaderList h = HeaderList.of("Cache-Control", cacheControl, "ETag", "\"v1\"");
    return CachedResponse.of(200, h, ByteBuffer.wrap(new byte[10]), Map.of(), T0, T0, Duration.ofDays(1));
  }

  static Action decide(String requestCc, CachedResponse stored, Instant now) {
    return CacheStrategy.decide(CacheControl.parse(requestCc), new Lookup(Optional.of(stored), true), now).action();
  }

  @Test
  void freshResponseIsServed() {
    assertThat(decide(null, stored("max-age=60"), T0.plusSeconds(30))).isEqualTo(Action.SERVE_FRESH);
  }

  @Test
  void staleResponseIsValidated() {
    CacheStrategy s = CacheStrategy.decide(CacheControl.NONE, new Lookup(Optional.of(stored("max-age=60")), true), T0.plusSeconds(61));
    assertThat(s.action()).isEqualTo(Action.VALIDATE);
    assertThat(s.forward()).isEqualTo("stale");
  }

  @Test
  void nothingStoredIsAUriMissAndOtherVariantsAVaryMiss() {
    assertThat(CacheStrategy.decide(CacheControl.NONE, Lookup.MISS, T0).forward()).isEqualTo("uri-miss");
    assertThat(CacheStrategy.decide(CacheControl.NONE, new Lookup(Optional.empty(), true), T0).forward()).isEqualTo("vary-miss");
  }

  @Test
  void requestMaxAgeLimitsAcceptableAge() {
    assertThat(decide("max-age=10", stored("max-age=60"), T0.plusSeconds(5))).isEqualTo(Action.SERVE_FRESH);
    CacheStrategy s = CacheStrategy.decide(CacheControl.parse("max-age=10"), new Lookup(Optional.of(stored("max-age=60")), true), T0.plusSeconds(20));
    assertThat(s.action()).isEqualTo(Action.VALIDATE);
    assertThat(s.forward()).isEqualTo("request");
  }

  @Test
  void requestMinFreshNeedsThatMuchFreshnessLeft() {
    assertThat(decide("min-fresh=20", stored("max-age=60"), T0.plusSeconds(30))).isEqualTo(Action.SERVE_FRESH);
    assertThat(decide("min-fresh=40", stored("max-age=60"), T0.plusSeconds(30))).isEqualTo(Action.VALIDATE);
  }

  @Test
  void requestMaxStaleAcceptsAStaleResponse() {
    assertThat(decide("max-stale=30", stored("max-age=60"), T0.plusSeconds(80))).isEqualTo(Action.SERVE_STALE);
    assertThat(decide("max-stale=10", stored("max-age=60"), T0.plusSeconds(80))).isEqualTo(Action.VALIDATE);
    assertThat(decide("max-stale", stored("max-age=60"), T0.plusSeconds(8000))).isEqualTo(Action.SERVE_STALE);
  }

  @Test
  void maxStaleCannotOverrideMustRevalidate() {
    assertThat(decide("max-stale", stored("max-age=60, must-revalidate"), T0.plusSeconds(80))).isEqualTo(Action.VALIDATE);
  }

  @Test
  void requestNoCacheAlwaysValidates() {
    assertThat(decide("no-cache", stored("max-age=60"), T0.plusSeconds(1))).isEqualTo(Action.VALIDATE);
  }

  @Test
  void pragmaNoCacheFromHttp10AlwaysValidates() {
    CacheControl pragma = CacheStrategy.requestDirectives(null, "no-cache");
    assertThat(CacheStrategy.decide(pragma, new Lookup(Optional.of(stored("max-age=60")), true), T0).action())
        .isEqualTo(Action.VALIDATE);
  }

  @Test
  void onlyIfCachedWithNothingSuitableIsUnsatisfiable() {
    assertThat(CacheStrategy.decide(CacheControl.parse("only-if-cached"), Lookup.MISS, T0).action()).isEqualTo(Action.UNSATISFIABLE);
    assertThat(decide("only-if-cached", stored("max-age=60"), T0.plusSeconds(61))).isEqualTo(Action.UNSATISFIABLE);
    assertThat(decide("only-if-cached", stored("max-age=60"), T0.plusSeconds(1))).isEqualTo(Action.SERVE_FRESH);
  }

  @Test
  void responseNoCacheIsValidatedBeforeEveryUse() {
    assertThat(decide(null, stored("no-cache, max-age=60"), T0)).isEqualTo(Action.VALIDATE);
  }

  @Test
  void staleWhileRevalidateServesStaleAndRevalidates() {
    assertThat(decide(null, stored("max-age=60, stale-while-revalidate=30"), T0.plusSeconds(70)))
        .isEqualTo(Action.SERVE_STALE_AND_REVALIDATE);
    assertThat(decide(null, stored("max-age=60, stale-while-revalidate=30"), T0.plusSeconds(95))).isEqualTo(Action.VALIDATE);
  }

  @Test
  void staleWhileRevalidateYieldsToClientsNoCache() {
    assertThat(decide("no-cache", stored("max-age=60, stale-while-revalidate=30"), T0.plusSeconds(70))).isEqualTo(Action.VALIDATE);
  }

  @Test
  void softPurgedResponseIsValidated() {
    CachedResponse purged = stored("max-age=600").expired(T0.plusSeconds(1));
    assertThat(decide(null, purged, T0.plusSeconds(2))).isEqualTo(Action.VALIDATE);
  }
}
