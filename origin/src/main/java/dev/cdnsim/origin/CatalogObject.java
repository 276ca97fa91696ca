package dev.cdnsim.origin;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One object of a synthetic catalog. Its body is generated on demand from the seed, so a catalog of a
 * million objects costs no memory, and every replica serves the same bytes under the same ETag.
 */
public record CatalogObject(long number, long size, String etag, Instant lastModified, String cacheControl, long seed) {

  /** The object's whole body: {@code size} pseudo-random bytes decided by the seed and the number. */
  public ByteBuffer body() {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new SplittableRandom(SizeDistribution.mix(seed * 31 + number)).nextBytes(bytes);
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
