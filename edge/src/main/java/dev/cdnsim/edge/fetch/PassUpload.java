package dev.cdnsim.edge.fetch;

import io.undertow.client.ClientExchange;
import java.io.IOException;
import org.xnio.channels.StreamSinkChannel;

/**
 * Streams the client's request body to the replica once the request head has gone out: for an https replica
 * that is after the TLS handshake, so a failed handshake costs no body byte and the request can still go to
 * another replica. A client's {@code Expect: 100-continue} is answered then too.
 */
final class PassUpload {
  private final PassExchange x;
  private final PassAttempt owner;
  private final ClientExchange cx;

  PassUpload(PassExchange x, PassAttempt owner, ClientExchange cx) {
    this.x = x;
    this.owner = owner;
    this.cx = cx;
  }

  void start() {
    StreamSinkChannel sink = cx.getRequestChannel();
    Sinks.flushThen(sink, () -> {
      if (!owner.current()) return;
      owner.headFlushed();
      Sinks.continueThen(x.exchange, () -> pump(sink), e -> owner.uploadFailed(e, true));
    }, e -> owner.uploadFailed(e, false));
  }

  private void pump(StreamSinkChannel sink) {
    if (!owner.current()) return;
    Pump p = new Pump(x.body(), sink, x.buffers, new Pump.Events() {
      @Override
      public void read(int n) {
        x.bodyRead();
      }

      @Override
      public void finished() {
        Sinks.end(sink, owner::uploadDone, e -> owner.uploadFailed(e, false));
      }

      @Override
      public void readFailed(IOException e) {
        owner.uploadFailed(e, true);
      }

      @Override
      public void writeFailed(IOException e) {
        owner.uploadFailed(e, false);
      }
    });
    owner.uploading(p);
    p.start();
  }

  @Override
  public String toString() {
    return "PassUpload{" + owner + "}";
  }
}
