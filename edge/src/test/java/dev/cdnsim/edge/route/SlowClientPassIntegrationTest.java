package dev.cdnsim.edge.route;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.RawHttp;
import dev.cdnsim.edge.EdgeUnderTest;
import dev.cdnsim.edge.balance.TimeoutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A passed body that waits in the edge for a slow client is not cut off by the replica's first-byte timeout (which
 * bounds a replica that goes silent mid-body): here the replica is fast and the client is the one that is slow, so
 * the client's own write timeout applies, as in nginx, where {@code proxy_read_timeout} does not run while the
 * proxy waits to send. The client stops reading until the replica's writes block (the edge has stopped reading it
 * too, with its buffers full) and stays stopped for three first-byte timeouts; then the whole body arrives.
 */
class SlowClientPassIntegrationTest {
  /** More than loopback's socket buffers hold on the way (the replica's, the edge's both ways, the client's). */
  private static final int LENGTH = 64 << 20;
  private static final Duration FIRST_BYTE = Duration.ofMillis(200);
  private final AtomicReference<Thread> writer = new AtomicReference<>();
  private final AtomicBoolean cut = new AtomicBoolean();
  private RawReplica replica;
  private EdgeServer edge;

  @BeforeEach
  void start() throws IOException {
    replica = new RawReplica(this::answer);
    edge = replica.edge("fast", new TimeoutConfig(Duration.ofSeconds(5), FIRST_BYTE, FIRST_BYTE));
  }

  @AfterEach
  void stop() throws IOException {
    edge.close();
    replica.close();
  }

  /** Sends {@link #LENGTH} bytes as fast as the edge takes them, noting a connection the edge cut. */
  private void answer(Socket s) throws IOException {
    writer.set(Thread.currentThread());
    OutputStream out = s.getOutputStream();
    try {
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + LENGTH + "\r\nCache-Control: no-store\r\n\r\n")
          .getBytes(US_ASCII));
      byte[] chunk = new byte[64 << 10];
      for (int sent = 0; sent < LENGTH; sent += chunk.length) out.write(chunk);
      out.flush();
    } catch (IOException e) {
      cut.set(true);
      throw e;
    }
  }

  @Test
  void aBodyWaitingForASlowClientIsNotCutByTheReplicasFirstByteTimeout() throws IOException {
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(8192);
      client.setSoTimeout(20_000);   // a hang fails the test instead of stalling it
      client.connect(new InetSocketAddress("127.0.0.1", edge.port()));
      client.getOutputStream().write("GET /api/slow HTTP/1.1\r\nHost: www.cdn.test\r\nConnection: close\r\n\r\n"
          .getBytes(US_ASCII));
      InputStream in = client.getInputStream();
      String head = RawHttp.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + LENGTH + "\r\n");

      // The client reads nothing more: every buffer on the way fills, and the replica's write blocks.
      EdgeUnderTest.await("the replica's writes to block", () -> {
        Thread t = writer.get();
        return t != null && t.getState() == Thread.State.WAITING;
      });
      long stalled = System.nanoTime();
      // Stalled for three first-byte timeouts, unless the edge cuts the replica off first.
      EdgeUnderTest.await("three first-byte timeouts, or a cut", () ->
          cut.get() || System.nanoTime() - stalled > 3 * FIRST_BYTE.toNanos());

      long received = 0;
      byte[] buffer = new byte[1 << 20];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) received += n;
      } catch (IOException reset) {
        // a cut: the count below says so
      }
      assertThat(cut).as("the edge cut the replica off").isFalse();
      assertThat(received).isEqualTo(LENGTH);
    }
  }
}
