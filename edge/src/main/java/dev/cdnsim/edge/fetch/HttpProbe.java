package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.cdnsim.edge.balance.HttpProber;
import dev.cdnsim.edge.balance.ReplicaSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One active HTTP health probe: {@code GET path} on a new connection that the probe closes, and the replica is up when
 * its answer's status is the expected one. Only the head is read, never the body, and it is read by
 * {@link ResponseHead}, as passed answers and cache fills are: a replica whose heads the edge would refuse as
 * malformed (and answer 502 for) fails its probes too. Connecting (and each read of a TLS handshake) is bounded by
 * the timeout, and the head must be whole by a deadline one timeout after the probe began, so a replica that accepts
 * and then says nothing, trickles its head or never finishes its body fails the probe instead of hanging it.
 */
public final class HttpProbe implements HttpProber {
  /** Longest head read; a health answer's head is a few hundred bytes. */
  static final int MAX_HEAD_BYTES = 8 * 1024;

  @Override
  public boolean probe(URI target, int expectStatus, Duration timeout, Optional<SSLContext> tls) {
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

  /** The final status of the answer on {@code socket}, skipping interim heads, whose head is whole by the deadline. */
  private static int status(Socket socket, long deadline) throws IOException {
    HeadReader answer = new HeadReader(socket.getInputStream(), MAX_HEAD_BYTES, MAX_HEAD_BYTES);
    return answer.finalHead(() -> {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new SocketTimeoutException("no whole head by the deadline");
      socket.setSoTimeout(ReplicaSocket.millis(Duration.ofNanos(left)));
    }).status();
  }

  @Override
  public String toString() {
    return "HttpProbe";
  }
}
