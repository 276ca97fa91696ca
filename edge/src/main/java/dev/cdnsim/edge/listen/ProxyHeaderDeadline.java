package dev.cdnsim.edge.listen;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.OpenListener;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import io.undertow.util.PooledAdaptor;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;

/**
 * Reads each accepted connection's PROXY protocol header with Undertow's reader, then hands the connection to
 * {@code next} as the reader does; a connection whose header has not come whole within the deadline is closed, as
 * nginx's {@code client_header_timeout} closes one. Undertow's reader has no deadline of its own.
 *
 * <p>The reader hands a connection over from within one of its read events, on the connection's I/O thread; the
 * deadline fires on that thread too. So a flag of the thread, set by the hand-over inside the event this class
 * runs, tells whether the deadline is still wanted, with no lock.
 */
final class ProxyHeaderDeadline implements ChannelListener<StreamConnection> {
  private final ProxyProtocolOpenListener reader;
  private final long timeoutMillis;
  /** Set when {@code next} takes a connection, inside a read event of its header. */
  private final ThreadLocal<boolean[]> handedOver = ThreadLocal.withInitial(() -> new boolean[1]);

  ProxyHeaderDeadline(OpenListener next, UndertowXnioSsl ssl, ByteBufferPool buffers, OptionMap sslOptions,
      long timeoutMillis) {
    this.reader = new ProxyProtocolOpenListener(new HandOver(next), ssl, buffers, sslOptions);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void handleEvent(StreamConnection connection) {
    // The reader sets its listener on the connection and asks for a read event, which XNIO queues for after this
    // returns; were it ever to read at once, the connection would be handed over (or closed) already.
    if (handsOver(() -> reader.handleEvent(connection)) || !connection.isOpen()) return;
    ConduitStreamSourceChannel in = connection.getSourceChannel();
    ChannelListener<? super ConduitStreamSourceChannel> header = in.getReadListener();
    XnioExecutor.Key deadline = connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection),
        timeoutMillis, TimeUnit.MILLISECONDS);
    in.setReadListener(channel -> {
      // Handed over (the next protocol has the connection, and its own timeouts), or closed by the reader (a
      // malformed header, or the client gone): either way the deadline has nothing left to do.
      if (handsOver(() -> ChannelListeners.invokeChannelListener(channel, header)) || !connection.isOpen()) {
        deadline.remove();
      }
    });
  }

  /** Runs {@code step} of the reader on this thread; whether it handed a connection to {@code next}. */
  private boolean handsOver(Runnable step) {
    boolean[] taken = handedOver.get();
    taken[0] = false;
    step.run();
    return taken[0];
  }

  /** {@code next}, noting on the thread that it took a connection. */
  private final class HandOver extends ForwardingOpenListener {
    HandOver(OpenListener next) {
      super(next);
    }

    /** With the bytes read past the header, which go first to {@code next}, as the reader gives them. */
    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer additionalData) {
      handedOver.get()[0] = true;
      if (next instanceof DelegateOpenListener delegate) {
        delegate.handleEvent(connection, additionalData);
        return;
      }
      if (additionalData != null) {
        PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(connection.getSourceChannel().getConduit());
        pushBack.pushBack(new PooledAdaptor(additionalData));
        connection.getSourceChannel().setConduit(pushBack);
      }
      next.handleEvent(connection);
    }

    @Override
    public void handleEvent(StreamConnection connection) {
      handedOver.get()[0] = true;
      next.handleEvent(connection);
    }
  }
}
