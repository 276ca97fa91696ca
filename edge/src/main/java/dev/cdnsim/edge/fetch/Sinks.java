package dev.cdnsim.edge.fetch;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import java.io.IOException;
import java.util.function.Consumer;
import org.xnio.ChannelListeners;
import org.xnio.channels.StreamSinkChannel;

/** Flushing and ending XNIO sink channels on their I/O thread without blocking, then going on. */
final class Sinks {
  private Sinks() {}

  /** Flushes what {@code sink} holds (for a client request: its head), then runs {@code then}. */
  static void flushThen(StreamSinkChannel sink, Runnable then, Consumer<IOException> failed) {
    try {
      if (sink.flush()) {
        then.run();
        return;
      }
      sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(ch -> {
        ch.getWriteSetter().set(null);
        ch.suspendWrites();
        then.run();
      }, (ch, e) -> failed.accept(e)));
      sink.resumeWrites();
    } catch (IOException e) {
      failed.accept(e);
    }
  }

  /** Ends {@code sink} (no more bytes) and flushes it, then runs {@code then}. */
  static void end(StreamSinkChannel sink, Runnable then, Consumer<IOException> failed) {
    try {
      sink.shutdownWrites();
    } catch (IOException e) {
      failed.accept(e);
      return;
    }
    flushThen(sink, then, failed);
  }

  /** Ends the exchange's response sink; the exchange completes when it is flushed, or its connection closes. */
  static void end(HttpServerExchange exchange, StreamSinkChannel sink) {
    end(sink, () -> { }, e -> org.xnio.IoUtils.safeClose(exchange.getConnection()));
  }

  /** Answers a client's {@code Expect: 100-continue} (when it sent one), then runs {@code then}. */
  static void continueThen(HttpServerExchange exchange, Runnable then, Consumer<IOException> failed) {
    if (!HttpContinue.requiresContinueResponse(exchange)) {
      then.run();
      return;
    }
    HttpContinue.sendContinueResponse(exchange, new IoCallback() {
      @Override
      public void onComplete(HttpServerExchange ex, Sender sender) {
        then.run();
      }

      @Override
      public void onException(HttpServerExchange ex, Sender sender, IOException e) {
        failed.accept(e);
      }
    });
  }
}
