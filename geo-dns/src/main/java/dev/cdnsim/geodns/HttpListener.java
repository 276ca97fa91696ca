package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The geo-DNS server's small HTTP side (the JDK's {@link HttpServer}, one virtual thread per
 * exchange): {@code GET /metrics} in the Prometheus text format (OpenMetrics when the scraper's
 * {@code Accept} asks for it) and {@code GET /stats} as JSON. Both are admin surface: peers other
 * than loopback get 403.
 */
final class HttpListener implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final DnsMetrics metrics;
  private final Supplier<GeoDnsStats> stats;

  private HttpListener(HttpServer server, DnsMetrics metrics, Supplier<GeoDnsStats> stats) {
    this.server = server;
    this.metrics = metrics;
    this.stats = stats;
  }

  /** Binds {@code listen} and starts answering; the message of a failure names the address. */
  static HttpListener start(InetSocketAddress listen, DnsMetrics metrics,
                            Supplier<GeoDnsStats> stats) throws IOException {
    requireNonNull(listen, "listen");
    HttpServer server;
    try {
      server = HttpServer.create(listen, 16);
    } catch (IOException e) {
      throw new IOException("geo-dns cannot bind HTTP " + listen.getAddress().getHostAddress()
          + ":" + listen.getPort() + ": " + e.getMessage(), e);
    }
    HttpListener listener = new HttpListener(server, requireNonNull(metrics, "metrics"),
        requireNonNull(stats, "stats"));
    server.setExecutor(listener.executor);
    server.createContext("/", listener::handle);
    server.start();
    return listener;
  }

  /** The port actually bound. */
  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
        send(exchange, 403, "text/plain", "403 metrics and stats are served to loopback clients only\n");
      } else if (!path.equals("/metrics") && !path.equals("/stats")) {
        send(exchange, 404, "text/plain", "404 no route " + path + " (try /metrics or /stats)\n");
      } else if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "405 only GET and HEAD\n");
      } else if (path.equals("/metrics")) {
        ExpositionFormatWriter writer =
            formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
        // Protobuf needs a module this node does not ship; plain text serves every scraper.
        if (!writer.isAvailable()) {
          writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(2048);
        writer.write(body, metrics.registry().scrape());
        send(exchange, 200, writer.getContentType(), body.toByteArray());
      } else {
        send(exchange, 200, "application/json", json(stats.get()));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The counters as one JSON object, with the same names as {@link GeoDnsStats}' components. */
  static String json(GeoDnsStats s) {
    return "{\"queries\":" + s.queries() + ",\"dropped\":" + s.dropped()
        + ",\"truncated\":" + s.truncated() + ",\"failedOpen\":" + s.failedOpen()
        + ",\"tcpConnections\":" + s.tcpConnections() + ",\"tcpRejected\":" + s.tcpRejected()
        + ",\"byType\":" + json(s.byType()) + ",\"byRcode\":" + json(s.byRcode())
        + ",\"byLocation\":" + json(s.byLocation())
        + ",\"answersByEdge\":" + json(s.answersByEdge()) + "}\n";
  }

  private static String json(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder("{");
    counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"');
      for (char c : e.getKey().toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      b.append("\":").append(e.getValue());
    });
    return b.append('}').toString();
  }

  /** Stops answering and frees the port at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpListener{" + server.getAddress() + "}";
  }
}
