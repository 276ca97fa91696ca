package dev.cdnsim.origin;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One object of a synthetic catalog, at one version. Its body is generated on demand from {@code bodySeed}, so a
 * catalog of a million objects costs no memory, and every replica serves the same bytes under the same ETag.
 */
public record CatalogObject(long number, long size, String etag, Instant lastModified, String cacheControl, long bodySeed) {

  /** The object's whole body: {@code size} pseudo-random bytes decided by the seed. */
  public ByteBuffer body() {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new SplittableRandom(bodySeed).nextBytes(bytes);
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
