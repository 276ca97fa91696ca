package dev.cdnsim.edge.listen;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;

/**
 * How the edge answers a request refused below its handlers, where Undertow would send a bare status with no reason:
 * a status and one short line of text that says what was wrong, and the connection's close.
 *
 * @param status the status code: 400, 431 or 505
 * @param text   the body's one line, without its line feed
 */
record Refusal(int status, String text) {
  /** A 400 whose text is "malformed request: " and {@code why}, as the field-line check's 400s have always said. */
  static Refusal malformed(String why) {
    return new Refusal(400, "malformed request: " + why);
  }

  /** A 431 Request Header Fields Too Large (RFC 6585 §5): {@code what}, e.g. "more than 200 fields". */
  static Refusal tooLarge(String what) {
    return new Refusal(431, "request header fields too large: " + what);
  }

  /** A 505 HTTP Version Not Supported (RFC 9110 §15.6.6) for {@code version}, e.g. "HTTP/2.0". */
  static Refusal version(String version) {
    return new Refusal(505, "HTTP version not supported: " + version
        + " (the edge speaks HTTP/1.0 and HTTP/1.1 here, HTTP/2 only over TLS)");
  }

  /** The whole answer, head and body, in a buffer ready to write. */
  ByteBuffer answer() {
    byte[] body = (text + "\n").getBytes(US_ASCII);
    byte[] head = ("HTTP/1.1 " + status + " " + phrase() + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(US_ASCII);
    return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
  }

  /** The answer's body length, for the access log. */
  int bodyBytes() {
    return text.length() + 1;
  }

  /** RFC 9110's reason phrases (Undertow's {@code StatusCodes} has "HTTP Version not supported"). */
  private String phrase() {
    return switch (status) {
      case 431 -> "Request Header Fields Too Large";
      case 505 -> "HTTP Version Not Supported";
      default -> "Bad Request";
    };
  }
}
