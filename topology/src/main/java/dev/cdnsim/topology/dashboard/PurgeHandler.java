package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /api/purge} with a path as the body (e.g. {@code /objects/42}): purges it from every edge and
 * answers with each edge's outcome; with {@code *}, everything at every edge (each starts on a fresh cache); 400
 * when the body is neither. Blocking: runs on a worker thread.
 */
final class PurgeHandler implements HttpHandler {
  private static final int MAX_BODY = 4096;
  /** The body that purges everything. */
  static final String EVERYTHING = "*";
  private final Purger purger;
  private final JsonResponses json;

  PurgeHandler(Purger purger, JsonResponses json) {
    this.purger = requireNonNull(purger, "purger");
    this.json = requireNonNull(json, "json");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    exchange.startBlocking();
    byte[] body = exchange.getInputStream().readNBytes(MAX_BODY + 1);
    String path = new String(body, StandardCharsets.UTF_8).strip();
    if (path.equals(EVERYTHING)) {
      json.send(exchange, 200, new Answer(path, purger.purgeEverything()));
      return;
    }
    if (body.length > MAX_BODY || !Purger.isPath(path)) {
      json.error(exchange, 400, "the body must be one path starting with /, e.g. /objects/42, or * for everything");
      return;
    }
    json.send(exchange, 200, new Answer(path, purger.purge(path)));
  }

  /** What every edge did with the path. */
  record Answer(String path, List<Purger.Outcome> edges) {}

  @Override
  public String toString() {
    return "PurgeHandler";
  }
}
