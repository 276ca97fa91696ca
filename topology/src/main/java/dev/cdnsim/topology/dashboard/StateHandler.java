package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/**
 * {@code GET /api/state[?since=MILLIS]}: a fresh {@link StateSnapshot} with, under {@code history}, the samples
 * that end after {@code since} (all kept samples without it), so a page asks for the whole past once and then
 * only for what is new.
 */
final class StateHandler implements HttpHandler {
  private final StateReader reader;
  private final History history;
  private final JsonResponses json;

  StateHandler(StateReader reader, History history, JsonResponses json) {
    this.reader = requireNonNull(reader, "reader");
    this.history = requireNonNull(history, "history");
    this.json = requireNonNull(json, "json");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    long since;
    try {
      since = since(exchange);
    } catch (NumberFormatException e) {
      json.error(exchange, 400, "since must be epoch milliseconds");
      return;
    }
    ObjectNode body = json.mapper().valueToTree(reader.read());
    body.set("history", json.mapper().valueToTree(history.since(since)));
    json.send(exchange, 200, body);
  }

  private static long since(HttpServerExchange exchange) {
    Deque<String> values = exchange.getQueryParameters().get("since");
    return values == null || values.isEmpty() ? Long.MIN_VALUE : Long.parseLong(values.getFirst());
  }

  @Override
  public String toString() {
    return "StateHandler";
  }
}
