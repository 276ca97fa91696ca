package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON;
import static dev.cdnsim.geodns.DefaultTopology.SAO_PAULO;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeoPointTest {
  @Test
  void greatCircleDistancesMatchKnownValues() {
    // Reference values computed independently (Python haversine, R = 6371.0088 km).
    assertThat(SEOUL.distanceKm(LONDON)).isCloseTo(8_857.365, within(0.01));
    assertThat(LONDON.distanceKm(SAO_PAULO)).isCloseTo(9_497.414, within(0.01));
    assertThat(SEOUL.distanceKm(SEOUL)).isZero();
    assertThat(SEOUL.distanceKm(LONDON)).isEqualTo(LONDON.distanceKm(SEOUL));
  }

  @Test
  void antipodesAreHalfTheCircumference() {
    double half = Math.PI * 6371.0088;
    assertThat(new GeoPoint(0, 0).distanceKm(new GeoPoint(0, 180))).isCloseTo(half, within(1e-6));
    assertThat(new GeoPoint(90, 0).distanceKm(new GeoPoint(-90, 0))).isCloseTo(half, within(1e-6));
  }

  @Test
  void rejectsOutOfRangeCoordinates() {
    assertThatThrownBy(() -> new GeoPoint(90.1, 0)).hasMessageContaining("latitude");
    assertThatThrownBy(() -> new GeoPoint(0, -180.5)).hasMessageContaining("longitude");
    assertThatThrownBy(() -> new GeoPoint(Double.NaN, 0)).hasMessageContaining("latitude");
  }
}
