package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.topology.run.Node;
import dev.cdnsim.topology.run.Topology;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@code POST /api/nodes/{id}/stop} and {@code .../start}: stops or starts one node and answers with its new
 * state; 404 for an unknown node or action, 500 when a start cannot bind. Blocking: runs on a worker thread.
 */
final class NodeHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(NodeHandler.class.getName());
  private final Topology topology;
  private final JsonResponses json;

  NodeHandler(Topology topology, JsonResponses json) {
    this.topology = requireNonNull(topology, "topology");
    this.json = requireNonNull(json, "json");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String id = pathParameter(exchange, "id");
    String action = pathParameter(exchange, "action");
    Optional<Node> node = find(id);
    if (node.isEmpty()) {
      json.error(exchange, 404, "no node called " + id);
      return;
    }
    try {
      switch (action) {
        case "stop" -> node.get().stop();
        case "start" -> node.get().start();
        default -> {
          json.error(exchange, 404, "no action " + action + " (stop or start)");
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, action + " " + id + ": " + e.getMessage());
      json.error(exchange, 500, action + " " + id + ": " + e.getMessage());
      return;
    }
    LOG.log(System.Logger.Level.INFO, "dashboard: " + action + " " + id);
    json.send(exchange, 200, new Answer(id, node.get().isRunning()));
  }

  /** The node's state after the action. */
  record Answer(String id, boolean running) {}

  private Optional<Node> find(String id) {
    try {
      return Optional.of(topology.node(id));
    } catch (NoSuchElementException e) {
      return Optional.empty();
    }
  }

  private static String pathParameter(HttpServerExchange exchange, String name) {
    // RoutingHandler puts template parameters among the path parameters, or only among the query parameters
    // when it is told not to rewrite them.
    var values = exchange.getPathParameters().get(name);
    if (values == null || values.isEmpty()) values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? "" : values.getFirst();
  }

  @Override
  public String toString() {
    return "NodeHandler";
  }
}
