package dev.cdnsim.edge.admin;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Answers {@code GET /_edge/metrics} with the edge's registry in the Prometheus text format, or OpenMetrics when
 * the scraper's {@code Accept} header asks for it; like every admin route, for {@link AdminAccess} holders only
 * (else 403). Every other request goes to {@code next}. The edge serves its metrics under {@code /_edge/} rather
 * than at {@code /metrics} because every other path belongs to the origin's content.
 */
public final class ScrapeHandler implements HttpHandler {
  /** Where the edge serves its metrics. */
  public static final String PATH = "/_edge/metrics";

  private final AdminAccess access;
  private final PrometheusRegistry registry;
  private final HttpHandler next;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public ScrapeHandler(AdminAccess access, PrometheusRegistry registry, HttpHandler next) {
    this.access = requireNonNull(access, "access");
    this.registry = requireNonNull(registry, "registry");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!exchange.getRequestPath().equals(PATH)) {
      next.handleRequest(exchange);
      return;
    }
    if (!access.allows(exchange)) {
      respond(exchange, 403, "403 admin routes need a loopback client or the admin token\n");
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      respond(exchange, 405, "405 only GET and HEAD\n");
      return;
    }
    // Reading the counters and rendering a few kilobytes does not block, so the I/O thread may do it.
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    // Protobuf needs a module the edge does not ship; plain text serves every scraper.
    if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(render(writer)));
  }

  private byte[] render(ExpositionFormatWriter writer) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    writer.write(body, registry.scrape());
    return body.toByteArray();
  }

  private static void respond(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }

  @Override
  public String toString() {
    return "ScrapeHandler(" + PATH + ", " + access + ") -> " + next;
  }
}
