package dev.cdnsim.geodns;

/**
 * A point on the Earth's surface in decimal degrees; latitude in [-90, 90], longitude in [-180, 180].
 */
public record GeoPoint(double latitude, double longitude) {
  /** Mean Earth radius (IUGG), the usual choice for haversine distances. */
  private static final double EARTH_RADIUS_KM = 6371.0088;

  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be between -90 and 90: " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude must be between -180 and 180: " + longitude);
    }
  }

  /** Returns the great-circle distance to {@code other} in kilometres (haversine formula). */
  public double distanceKm(GeoPoint other) {
    double lat1 = Math.toRadians(latitude);
    double lat2 = Math.toRadians(other.latitude);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(other.longitude - longitude);
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
    // min(1, …) guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  @Override
  public String toString() {
    return "(" + latitude + "," + longitude + ")";
  }
}
