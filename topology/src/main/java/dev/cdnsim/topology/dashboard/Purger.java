package dev.cdnsim.topology.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.topology.run.Node;
import dev.cdnsim.topology.run.Topology;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Purges one path from every running edge with the {@code PURGE} method (Varnish's convention, which an edge
 * accepts from loopback), all edges at once, or everything with the edges' purge endpoint. The URL names the edge
 * by its address, as the simulated users do, so the purged key is the one their requests stored.
 */
final class Purger implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final Topology topology;
  private final ObjectMapper mapper;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

  Purger(Topology topology, ObjectMapper mapper) {
    this.topology = requireNonNull(topology, "topology");
    this.mapper = requireNonNull(mapper, "mapper");
  }

  /**
   * What one edge answered: {@code status} is its HTTP status (0 when it could not be reached or is stopped),
   * {@code purged} the number of stored responses it dropped, {@code error} why it did not purge.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Outcome(String edge, int status, Integer purged, String error) {}

  /** Sends {@code PURGE path} to every edge; {@code path} must start with a slash. */
  List<Outcome> purge(String path) {
    if (!isPath(path)) throw new IllegalArgumentException("not a path: " + path);
    return toEveryEdge(edge -> HttpRequest.newBuilder(uri(edge, path))
        .method("PURGE", HttpRequest.BodyPublishers.noBody()));
  }

  /** Purges everything at every edge ({@code POST /_edge/purge?all=true}): each starts again on a fresh cache. */
  List<Outcome> purgeEverything() {
    return toEveryEdge(edge -> HttpRequest.newBuilder(uri(edge, "/_edge/purge?all=true"))
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Sends the request {@code to} makes for each running edge's address, all at once; a stopped edge is said so. */
  private List<Outcome> toEveryEdge(Function<InetSocketAddress, HttpRequest.Builder> to) {
    List<CompletableFuture<Outcome>> pending = new ArrayList<>();
    for (Node node : topology.nodes()) {
      if (node.kind() != Node.Kind.EDGE) continue;
      if (!node.isRunning()) {
        pending.add(CompletableFuture.completedFuture(new Outcome(node.id(), 0, null, "stopped")));
        continue;
      }
      HttpRequest request = to.apply(node.address()).timeout(TIMEOUT).build();
      pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(response -> outcome(node.id(), response))
          .exceptionally(e -> new Outcome(node.id(), 0, null, rootMessage(e))));
    }
    return pending.stream().map(CompletableFuture::join).toList();
  }

  /** A path to purge: absolute, printable, without spaces (it goes into a request line). */
  static boolean isPath(String path) {
    return path != null && path.startsWith("/") && path.length() <= 2048
        && path.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private Outcome outcome(String edge, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return new Outcome(edge, response.statusCode(), null, response.body().strip());
    }
    try {
      JsonNode body = mapper.readTree(response.body());
      return new Outcome(edge, 200, body.path("purged").asInt(), null);
    } catch (java.io.IOException e) {
      return new Outcome(edge, 200, null, "unreadable answer: " + e.getMessage());
    }
  }

  private static URI uri(InetSocketAddress address, String path) {
    return URI.create("http://" + Topology.hostPort(address) + path);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) cause = cause.getCause();
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  @Override
  public void close() {
    http.close();
  }
}
