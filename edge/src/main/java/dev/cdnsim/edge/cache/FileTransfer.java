package dev.cdnsim.edge.cache;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends {@code [first, first + count)} of a leased {@link FileBody} as the response body, on the I/O thread and
 * without blocking: the header block first (flushed alone, because Undertow would otherwise read the first bytes
 * through the file's shared position), then {@code transferFrom}, which is {@code sendfile} on a plain socket.
 * Waits for the socket to drain when it is full. The lease is given back exactly once, when the exchange ends
 * however it ends (sent, client gone, connection closed).
 */
final class FileTransfer implements ChannelListener<StreamSinkChannel> {
  private final HttpServerExchange exchange;
  private final FileBody body;
  private final SendLease lease;
  private final long end;
  private long position;
  private boolean headersSent;

  private FileTransfer(HttpServerExchange exchange, FileBody body, long first, long count) {
    this.exchange = exchange;
    this.body = body;
    this.lease = SendLease.until(exchange, body);
    this.position = first;
    this.end = first + count;
  }

  /** Starts sending; {@code body} must already be retained by the caller, whose lease this transfer now owns. */
  static void start(HttpServerExchange exchange, FileBody body, long first, long count) {
    new FileTransfer(exchange, body, first, count).handleEvent(exchange.getResponseChannel());
  }

  @Override
  public void handleEvent(StreamSinkChannel channel) {
    try {
      if (!headersSent) {
        if (!channel.flush()) {
          waitForRoom(channel);
          return;
        }
        headersSent = true;
      }
      while (position < end) {
        long sent = channel.transferFrom(body.channel(), FileBody.START + position, end - position);
        if (sent <= 0) {
          waitForRoom(channel);
          return;
        }
        position += sent;
      }
      channel.suspendWrites();
      channel.getWriteSetter().set(null);
      exchange.endExchange();
    } catch (IOException e) {
      // The client went away mid-body: nothing to answer, only the connection to drop.
      IoUtils.safeClose(exchange.getConnection());
      lease.release();
    }
  }

  private void waitForRoom(StreamSinkChannel channel) {
    channel.getWriteSetter().set(this);
    channel.resumeWrites();
  }
}
