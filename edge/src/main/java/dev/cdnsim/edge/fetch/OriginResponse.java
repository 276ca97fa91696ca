package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.cache.HeaderList;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A response from an origin replica whose body has not been read yet; close it to release the connection.
 *
 * @param headers       end-to-end fields (hop-by-hop already removed)
 * @param contentLength the declared length, if any
 * @param requestTime   when the request was sent (for the age calculation)
 * @param responseTime  when the response headers arrived
 */
record OriginResponse(int status, HeaderList headers, InputStream body, OptionalLong contentLength,
    Instant requestTime, Instant responseTime) implements AutoCloseable {
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // Closing a half-read body only drops the connection from the pool; nothing to report.
    }
  }
}
