package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.Map;

/** Writes a value as a JSON response, never cached: the dashboard's answers are live. */
final class JsonResponses {
  private final ObjectMapper mapper;

  JsonResponses(ObjectMapper mapper) {
    this.mapper = requireNonNull(mapper, "mapper");
  }

  ObjectMapper mapper() {
    return mapper;
  }

  void send(HttpServerExchange exchange, int status, Object value) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** A one-line error as {@code {"error": "..."}}. */
  void error(HttpServerExchange exchange, int status, String message) {
    send(exchange, status, Map.of("error", message));
  }
}
