package dev.cdnsim.edge.listen;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Puts a {@link FieldLineCheck} under Undertow's HTTP/1.1 parser on each connection: the bytes the client sends pass
 * it on their way up, and in a field line it finds one to refuse it turns the offending byte into a control byte,
 * which Undertow's parser refuses in a field name: 400 and a closed connection, or, behind a request still being
 * answered on it, that answer and then the close. The line is refused, never passed on in another shape. Under the
 * connection's writes a {@link ReasonedRefusal} has every 400 the parser sends say why, the check's finding or what
 * else the check can tell of the refused request.
 */
final class FieldLineChecking extends ForwardingOpenListener {
  /** What the offending byte becomes: a control byte, never allowed in a field name. */
  private static final byte REFUSED = 0x01;

  private final RefusedRequests refused;
  private final ReasonedRefusal.Limits limits;

  FieldLineChecking(DelegateOpenListener http, RefusedRequests refused, ReasonedRefusal.Limits limits) {
    super(http);
    this.refused = refused;
    this.limits = limits;
  }

  @Override
  public void handleEvent(StreamConnection connection) {
    handleEvent(connection, null);
  }

  @Override
  public void handleEvent(StreamConnection connection, PooledByteBuffer additionalData) {
    Checked checked = new Checked(connection.getSourceChannel().getConduit(), connection);
    if (additionalData != null) {
      ByteBuffer b = additionalData.getBuffer();
      if (checked.mark(b, b.position(), b.limit())) {
        additionalData.close();
        IoUtils.safeClose(connection);
        return;
      }
    }
    connection.getSourceChannel().setConduit(checked);
    ConduitStreamSinkChannel sink = connection.getSinkChannel();
    sink.setConduit(new ReasonedRefusal(sink.getConduit(), checked.check, limits, refused, connection));
    ((DelegateOpenListener) next).handleEvent(connection, additionalData);
  }

  /** The connection's bytes as read, checked; bytes moved past it (never, by the edge's handlers) end the checks. */
  private final class Checked extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final FieldLineCheck check = new FieldLineCheck();
    private final StreamConnection connection;

    Checked(StreamSourceConduit next, StreamConnection connection) {
      super(next);
      this.connection = connection;
    }

    /**
     * Checks {@code b[from, to)} and turns the byte of a line to refuse; true when the connection is to close instead
     * ({@link FieldLineCheck#CLOSE}), its bytes kept from the parser.
     */
    boolean mark(ByteBuffer b, int from, int to) {
      int bad = check.check(b, from, to);
      if (bad == -1) return false;
      if (bad != FieldLineCheck.CLOSE) {
        b.put(bad, REFUSED);   // the parser's 400 follows, and its ReasonedRefusal logs it
        return false;
      }
      refused.refused(connection.getPeerAddress(InetSocketAddress.class), check.requestLine(), 400, 0);
      return true;
    }

    /** Closes the connection, and has the parser see its end instead of the bytes just read. */
    private int closeInstead() {
      IoUtils.safeClose(connection);
      return -1;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int from = dst.position();
      int n = next.read(dst);
      if (n > 0 && !check.unfollowed() && mark(dst, from, from + n)) {
        dst.position(from);
        return closeInstead();
      }
      return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      if (check.unfollowed()) return next.read(dsts, offset, length);
      int[] from = new int[length];
      for (int i = 0; i < length; i++) from[i] = dsts[offset + i].position();
      long n = next.read(dsts, offset, length);
      boolean close = false;
      for (int i = 0; i < length && n > 0 && !close; i++) {
        close = mark(dsts[offset + i], from[i], dsts[offset + i].position());
      }
      if (!close) return n;
      for (int i = 0; i < length; i++) dsts[offset + i].position(from[i]);
      return closeInstead();
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      check.stopFollowing();
      return next.transferTo(position, count, target);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
      check.stopFollowing();
      return next.transferTo(count, throughBuffer, target);
    }
  }
}
