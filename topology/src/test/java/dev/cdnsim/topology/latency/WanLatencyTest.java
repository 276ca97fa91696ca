package dev.cdnsim.topology.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdnsim.geodns.GeoPoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WanLatencyTest {
  private static final GeoPoint SEOUL = new GeoPoint(37.5665, 126.9780);
  private static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);
  private static final GeoPoint ASHBURN = new GeoPoint(39.0438, -77.4874);

  @Test
  void propagationIsTwoThirdsOfLightTimesTheRouteFactorPlusOverhead() {
    WanLatency bare = new WanLatency(1.0, Duration.ZERO);
    // London–Ashburn is about 5 900 km of great circle: 5 900 / 199 862 km/s ≈ 29.5 ms one way.
    double ms = bare.oneWay(LONDON, ASHBURN).toNanos() / 1e6;
    assertThat(ms).isCloseTo(LONDON.distanceKm(ASHBURN) / 199_861.6 * 1000, within(0.01));
    assertThat(ms).isBetween(29.0, 30.0);
    WanLatency real = new WanLatency(1.5, Duration.ofMillis(1));
    assertThat(real.oneWay(LONDON, ASHBURN).toNanos() / 1e6).isCloseTo(ms * 1.5 + 1, within(0.01));
    assertThat(real.roundTrip(LONDON, ASHBURN)).isEqualTo(real.oneWay(LONDON, ASHBURN).multipliedBy(2));
  }

  @Test
  void aNearbyHopCostsOnlyTheOverhead() {
    assertThat(WanLatency.defaults().oneWay(SEOUL, SEOUL)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aHitSkipsTheOriginLegAndTheBaselineGoesStraightToTheOrigin() {
    WanLatency wan = WanLatency.defaults();
    RequestLatency seoulUser = new RequestLatency(wan, SEOUL, ASHBURN);
    long local = 300_000; // 0.3 ms on loopback
    long hit = seoulUser.viaEdgeNanos(local, SEOUL, true);
    long miss = seoulUser.viaEdgeNanos(local, SEOUL, false);
    assertThat(hit).isEqualTo(local + 2_000_000); // two 1 ms overheads, no distance
    assertThat(miss - hit).isEqualTo(wan.roundTrip(SEOUL, ASHBURN).toNanos());
    assertThat(seoulUser.directNanos(local)).isEqualTo(local + wan.roundTrip(SEOUL, ASHBURN).toNanos());
    assertThat(seoulUser.directNanos(local)).isGreaterThan(hit * 50); // why CDNs exist: ~150 ms vs ~2 ms
  }
}
