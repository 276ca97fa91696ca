package dev.cdnsim.edge.balance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One active HTTP health probe: {@code GET path} on a new connection that the probe closes, and the replica is up when
 * the status line carries the expected code. Only the head is read, never the body. Connecting (and each read of a TLS
 * handshake) is bounded by the timeout, and the head must be whole by a deadline one timeout after the probe began,
 * so a replica that accepts and then says nothing, trickles its head or never finishes its body fails the probe
 * instead of hanging it.
 */
final class HttpProbe {
  /** Longest head read; a health answer's head is a few hundred bytes. */
  static final int MAX_HEAD_BYTES = 8 * 1024;

  private HttpProbe() {}

  /** Whether {@code target} answers with {@code expectStatus} within {@code timeout}; false on any failure. */
  static boolean probe(URI target, int expectStatus, Duration timeout, Optional<SSLContext> tls) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI base = URI.create(target.getScheme() + "://" + target.getRawAuthority());
    try (Socket socket = ReplicaSocket.open(base, tls, timeout)) {
      String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + target.getRawAuthority()
          + "\r\nUser-Agent: cdnsim-health\r\nConnection: close\r\n\r\n").getBytes(ISO_8859_1));
      return status(socket, deadline) == expectStatus;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The final status of the answer on {@code socket}, skipping interim (1xx) heads; -1 if malformed or late. */
  private static int status(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] head = new byte[MAX_HEAD_BYTES];
    int length = 0;
    int start = 0; // where the current head begins
    while (true) {
      int end = headEnd(head, start, length);
      if (end >= 0) {
        int status = statusOf(head, start, end);
        if (status < 100 || status >= 200) return status;
        start = end; // an interim answer: its final one follows
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || length == head.length) return -1;
      socket.setSoTimeout(ReplicaSocket.millis(Duration.ofNanos(left)));
      int n = in.read(head, length, head.length - length);
      if (n < 0) return -1;
      length += n;
    }
  }

  /** The index just past the blank line that ends the head starting at {@code from}, or -1 if not read yet. */
  private static int headEnd(byte[] b, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i + 4;
    }
    return -1;
  }

  /** The code of a status line {@code HTTP/1.x NNN ...}, or -1 when the head does not start with one. */
  private static int statusOf(byte[] b, int from, int end) {
    if (end - from < 12) return -1;
    String start = new String(b, from, 12, ISO_8859_1);
    if (!start.startsWith("HTTP/1.") || !Character.isDigit(start.charAt(7)) || start.charAt(8) != ' ') return -1;
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = start.charAt(i);
      if (c < '0' || c > '9') return -1;
      code = code * 10 + (c - '0');
    }
    return code;
  }
}
