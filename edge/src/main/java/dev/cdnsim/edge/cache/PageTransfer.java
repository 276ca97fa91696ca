package dev.cdnsim.edge.cache;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/**
 * Sends {@code [first, first + count)} of a leased {@link PagedBody} as the response body: views of its pages in
 * one gathering write after the header block, on the I/O thread, waiting for room without blocking (Undertow's
 * sender). The lease is given back exactly once, when the exchange ends or the send fails (client gone,
 * connection closed), and not before: until then the pages may still be read by the socket write.
 */
final class PageTransfer implements IoCallback {
  private final SendLease lease;

  private PageTransfer(SendLease lease) {
    this.lease = lease;
  }

  /** Starts sending; {@code body} must already be retained by the caller, whose lease this transfer now owns. */
  static void start(HttpServerExchange exchange, PagedBody body, long first, long count) {
    exchange.getResponseSender().send(body.views(first, count), new PageTransfer(SendLease.until(exchange, body)));
  }

  @Override
  public void onComplete(HttpServerExchange exchange, Sender sender) {
    IoCallback.END_EXCHANGE.onComplete(exchange, sender);
  }

  @Override
  public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
    // The client went away mid-body; the socket no longer reads the pages, so they can go back now.
    lease.release();
    IoCallback.END_EXCHANGE.onException(exchange, sender, exception);
  }
}
