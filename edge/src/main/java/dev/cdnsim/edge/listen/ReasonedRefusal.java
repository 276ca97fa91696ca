package dev.cdnsim.edge.listen;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.cdnsim.edge.io.WriteThenEndConduit;
import io.undertow.server.handlers.HostHeaderHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.xnio.Buffers;
import org.xnio.StreamConnection;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Under each HTTP/1.1 connection's writes: where Undertow answers a request it refused before the edge's handlers saw
 * it with a status and no reason, this sends in its place an answer that says why ({@link Refusal}), and tells the
 * access log, which otherwise has no line for it. Two such answers: the parser's bare 400 (a malformed request line, a
 * field line {@link FieldLineCheck} found, too many fields, a head too long), and the 400 with only a reason phrase
 * that Undertow's {@link HostHeaderHandler} sends for a missing, repeated or malformed Host. Any other write passes
 * through; the first test, a byte of the status code, turns nearly all of them away.
 */
final class ReasonedRefusal extends WriteThenEndConduit {
  /** What Undertow's {@code HttpReadListener} writes when its parser refuses a request. */
  private static final byte[] UNDERTOWS_400 =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(US_ASCII);
  /** The reason phrases of HostHeaderHandler's 400s, and what the edge says instead. */
  private static final Map<String, String> HOST_REFUSALS = Map.of(
      HostHeaderHandler.STATUS_NO_HOST_HEADER, "a request without a Host field",
      HostHeaderHandler.STATUS_TOO_MANY_HOST_HEADERS, "more than one Host field",
      HostHeaderHandler.STATUS_MALFORMED_PORT, "a Host field whose port is not a number from 1 to 65535",
      HostHeaderHandler.STATUS_MALFORMED_IP_LITERAL, "a Host field with a malformed IP literal",
      HostHeaderHandler.STATUS_MALFORMED_IP_LITERAL_BAD_CHARS, "a Host field with a character that is not allowed",
      HostHeaderHandler.STATUS_HOST_NO_MATCH, "a Host field that differs from the host of the absolute-form target");
  /** The only fields in HostHeaderHandler's answer, lowercase, each followed by its colon. */
  private static final String[] HOST_REFUSAL_FIELDS = {"connection:", "content-length:", "date:"};
  private static final int STATUS_LINE_START = "HTTP/1.1 ".length();
  /** Longer than any of HostHeaderHandler's 400s (about 130 bytes). */
  private static final int LONGEST_HOST_REFUSAL = 512;

  private final FieldLineCheck check;
  private final Limits limits;
  private final RefusedRequests refused;
  private final StreamConnection connection;
  /** The answer going out in place of Undertow's, while it is. */
  private ByteBuffer replacement;

  /** Undertow's parser limits, whose crossing makes its bare 400: the most field lines, the longest head. */
  record Limits(int maxFields, long maxHeadBytes) {
  }

  ReasonedRefusal(StreamSinkConduit next, FieldLineCheck check, Limits limits, RefusedRequests refused,
      StreamConnection connection) {
    super(next);
    this.check = check;
    this.limits = limits;
    this.refused = refused;
    this.connection = connection;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!replacing(src)) return next.write(src);
    int n = src.remaining();
    if (!replacementWent()) return 0;
    src.position(src.limit());
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    // Undertow's writer may hand a head over with its (here empty) body behind it.
    if (length == 0 || !replacing(srcs[offset])) return next.write(srcs, offset, length);
    long n = Buffers.remaining(srcs, offset, length);
    if (!replacementWent()) return 0;
    for (int i = offset; i < offset + length; i++) srcs[i].position(srcs[i].limit());
    return n;
  }

  /** Whether {@code src} is to be replaced: its replacement is going out, or it is one of Undertow's answers. */
  private boolean replacing(ByteBuffer src) {
    if (replacement != null) return true;
    Refusal refusal = inPlaceOf(src);
    if (refusal == null) return false;
    replacement = refusal.answer();
    refused.refused(connection.getPeerAddress(InetSocketAddress.class), check.requestLine(), refusal.status(),
        refusal.bodyBytes());
    return true;
  }

  /**
   * Writes what it can of the replacement; true when all of it went. Else Undertow writes its answer again, and the
   * rest of the replacement goes then.
   */
  private boolean replacementWent() throws IOException {
    next.write(replacement);
    if (replacement.hasRemaining()) return false;
    replacement = null;
    return true;
  }

  /** What to send in place of {@code src}, when it is one of Undertow's reasonless answers; else null. */
  private Refusal inPlaceOf(ByteBuffer src) {
    int p = src.position();
    if (src.remaining() < STATUS_LINE_START + 3 || src.get(p + STATUS_LINE_START) != '4'
        || src.get(p + STATUS_LINE_START + 1) != '0' || src.get(p + STATUS_LINE_START + 2) != '0') {
      return null;
    }
    if (src.equals(ByteBuffer.wrap(UNDERTOWS_400))) {
      return check.inPlaceOfUndertows400(limits.maxFields(), limits.maxHeadBytes());
    }
    if (src.remaining() > LONGEST_HOST_REFUSAL) return null;
    String why = hostRefusal(StandardCharsets.ISO_8859_1.decode(src.duplicate()).toString());
    return why == null ? null : Refusal.malformed(why);
  }

  /** What the edge says in place of {@code head}, when it is all of one of HostHeaderHandler's 400s; else null. */
  private static String hostRefusal(String head) {
    if (!(head.startsWith("HTTP/1.1 400 ") || head.startsWith("HTTP/1.0 400 ")) || !head.endsWith("\r\n\r\n")) {
      return null;
    }
    String[] lines = head.substring(0, head.length() - 4).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].toLowerCase(Locale.ROOT);
      boolean known = false;
      for (String field : HOST_REFUSAL_FIELDS) known |= line.startsWith(field);
      if (!known) return null;
    }
    return HOST_REFUSALS.get(lines[0].substring("HTTP/1.1 400 ".length()));
  }
}
