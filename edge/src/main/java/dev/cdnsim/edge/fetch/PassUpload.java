package dev.cdnsim.edge.fetch;

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
  private final StreamSinkChannel sink;

  PassUpload(PassExchange x, PassAttempt owner, StreamSinkChannel sink) {
    this.x = x;
    this.owner = owner;
    this.sink = sink;
  }

  /** Starts once the request head has gone out. */
  void start() {
    Sinks.continueThen(x.exchange, this::pump, e -> owner.uploadFailed(e, true));
  }

  private void pump() {
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
