package dev.cdnsim.origin;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Answers {@code GET /metrics} with one registry in the Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} header asks for it. Metrics are admin surface: peers other than loopback get 403.
 */
final class ScrapeHandler implements HttpHandler {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  ScrapeHandler(PrometheusRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      CatalogHandler.respondText(exchange, StatusCodes.METHOD_NOT_ALLOWED, "only GET and HEAD");
      return;
    }
    InetSocketAddress peer = exchange.getSourceAddress();
    if (peer == null || peer.getAddress() == null || !peer.getAddress().isLoopbackAddress()) {
      CatalogHandler.respondText(exchange, StatusCodes.FORBIDDEN, "metrics are served to loopback clients only");
      return;
    }
    ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    // Protobuf needs a module this node does not ship; plain text serves every scraper.
    if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter();
    ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    writer.write(body, registry.scrape());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(body.toByteArray()));
  }

  @Override
  public String toString() {
    return "ScrapeHandler";
  }
}
