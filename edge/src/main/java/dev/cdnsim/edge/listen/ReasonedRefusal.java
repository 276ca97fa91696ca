package dev.cdnsim.edge.listen;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Put under a connection's writes once {@link FieldLineChecking} has refused a field line on it: Undertow's parser
 * then answers with its fixed, bodiless 400, and this conduit sends in its place a 400 that says why, as the edge's
 * other refusals do (414, 431). Any other write passes through. When Undertow has already put its own conduits back
 * on the connection (a pipelined answer was still going out), its plain 400 goes out instead: nothing is lost.
 */
final class ReasonedRefusal extends AbstractStreamSinkConduit<StreamSinkConduit> {
  /** What Undertow's {@code HttpReadListener} writes when its parser refuses a request. */
  private static final byte[] UNDERTOWS_400 =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(US_ASCII);

  private final ByteBuffer reasoned;
  private boolean replacing;

  ReasonedRefusal(StreamSinkConduit next, String reason) {
    super(next);
    byte[] body = ("malformed request: " + reason + "\n").getBytes(US_ASCII);
    byte[] head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(US_ASCII);
    reasoned = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!replacing && !isUndertows400(src)) return next.write(src);
    replacing = true;
    next.write(reasoned);
    if (reasoned.hasRemaining()) return 0;   // Undertow writes its buffer again: the rest of ours goes then
    int n = src.remaining();
    src.position(src.limit());
    replacing = false;
    return n;
  }

  private static boolean isUndertows400(ByteBuffer src) {
    return src.remaining() == UNDERTOWS_400.length
        && src.equals(ByteBuffer.wrap(UNDERTOWS_400));
  }
}
