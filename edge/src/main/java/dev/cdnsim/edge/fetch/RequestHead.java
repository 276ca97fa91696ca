package dev.cdnsim.edge.fetch;

import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The head of a request to a replica, written straight into HTTP/1.1 bytes as its fields are added (RFC 9112 §3,
 * §5): no map in between, as this runs for every passed request. One per connection, used again for each request.
 * Pure, tested in {@code RequestHeadTest}.
 */
final class RequestHead implements ProxyHeaders.FieldSink {
  private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** A head this large or larger gets an array of its own, let go after the request. */
  private static final int KEPT = 16 * 1024;

  private byte[] b = new byte[2048];
  private int at;
  /**
   * The finished head, in direct memory: a socket write from a heap buffer copies it into a temporary direct one
   * (the JDK's per-thread cache) anyway, so it is copied here, once, with less bookkeeping.
   */
  private ByteBuffer out = ByteBuffer.allocateDirect(2048);

  /** Starts a new head with {@code METHOD target HTTP/1.1}. */
  RequestHead start(HttpString method, String target) {
    if (b.length > KEPT) b = new byte[2048];
    if (out.capacity() > KEPT) out = ByteBuffer.allocateDirect(2048);
    at = 0;
    room(method.length() + 1 + target.length() + VERSION.length);
    method.copyTo(b, 0);
    at = method.length();
    b[at++] = ' ';
    chars(target);
    System.arraycopy(VERSION, 0, b, at, VERSION.length);
    at += VERSION.length;
    return this;
  }

  /**
   * Adds a field line. Every char goes out as its low byte (ISO-8859-1), as HTTP/1.1 sends them; a CR, LF or NUL
   * in the value goes out as a space (RFC 9110 §5.5: Undertow's parser passes a client's NUL on).
   */
  @Override
  public void add(HttpString name, String value) {
    room(name.length() + value.length() + 4);
    name.copyTo(b, at);
    at += name.length();
    b[at++] = ':';
    b[at++] = ' ';
    int start = at;
    chars(value);
    ControlBytes.blank(b, start, at);
    b[at++] = '\r';
    b[at++] = '\n';
  }

  /** Ends the head with its empty line: the bytes to send, valid until the next {@link #start}. */
  ByteBuffer finish() {
    room(2);
    b[at++] = '\r';
    b[at++] = '\n';
    if (out.capacity() < at) out = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, at));
    return out.clear().put(b, 0, at).flip();
  }

  private void room(int more) {
    if (at + more > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, at + more));
  }

  /**
   * Copies the low byte of each char of {@code s}: exactly what the JDK's deprecated
   * {@code String.getBytes(int, int, byte[], int)} does, with no array in between (for Latin-1 text, an array copy).
   */
  @SuppressWarnings("deprecation")
  private void chars(String s) {
    s.getBytes(0, s.length(), b, at);
    at += s.length();
  }
}
