package dev.cdnsim.origin;

/**
 * Object sizes of a synthetic catalog: log-normal around a median, clamped to {@code [minBytes, maxBytes]}.
 * A {@code sigma} of 0 gives every object the median size. Sizes are a pure function of the object's
 * number and the catalog seed, so every replica (and the simulator) agrees on them.
 */
public record SizeDistribution(long medianBytes, double sigma, long minBytes, long maxBytes) {

  public SizeDistribution {
    if (minBytes < 0) throw new IllegalArgumentException("minBytes must be >= 0, was " + minBytes);
    if (maxBytes < minBytes) throw new IllegalArgumentException("maxBytes must be >= minBytes");
    if (medianBytes < minBytes || medianBytes > maxBytes) {
      throw new IllegalArgumentException("medianBytes must lie within [minBytes, maxBytes]");
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be >= 0");
  }

  /** Every object has exactly {@code bytes} bytes. */
  public static SizeDistribution fixed(long bytes) {
    return new SizeDistribution(bytes, 0, bytes, bytes);
  }

  /** The size of object {@code objectNumber} in a catalog with this {@code seed}. */
  public long sizeOf(long objectNumber, long seed) {
    if (sigma == 0) return medianBytes;
    // Box-Muller on two uniforms derived from the object's number: deterministic and stateless.
    double u1 = unit(mix(seed ^ (objectNumber * 0x9E3779B97F4A7C15L)));
    double u2 = unit(mix(seed + objectNumber * 0xC2B2AE3D27D4EB4FL + 1));
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    double size = Math.exp(Math.log(Math.max(1, medianBytes)) + sigma * z);
    return Math.max(minBytes, Math.min(maxBytes, Math.round(size)));
  }

  /** A well-mixed 64-bit hash (SplitMix64's finaliser). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Maps a hash to (0, 1], never 0 so that log() is finite. */
  private static double unit(long hash) {
    return ((hash >>> 11) + 1) * 0x1.0p-53;
  }
}
