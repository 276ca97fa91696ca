package dev.cdnsim.edge.route;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.RawHttp;
import dev.cdnsim.edge.balance.TimeoutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body whose bytes keep coming outlives the pool's total timeout, passed or streamed from a fill: the total
 * timeout bounds the wait for the answer's head, not a download (a large file to a slow client took as long as
 * it took in nginx and must here too). The body is large enough (1 GiB, made on the fly) that moving it through the
 * edge on loopback takes longer than the 200 ms total timeout; where it does not, the test says nothing.
 */
class LongDownloadIntegrationTest {
  private static final long LENGTH = 1L << 30;
  private static final Duration TOTAL = Duration.ofMillis(200);
  private RawReplica replica;
  private EdgeServer edge;

  @BeforeEach
  void start() throws IOException {
    replica = new RawReplica(LongDownloadIntegrationTest::answer);
    edge = replica.edge("long", new TimeoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), TOTAL));
  }

  @AfterEach
  void stop() throws IOException {
    edge.close();
    replica.close();
  }

  /** Answers with {@link #LENGTH} bytes of an uncacheable body. */
  private static void answer(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + LENGTH + "\r\nCache-Control: no-store\r\n\r\n")
        .getBytes(US_ASCII));
    byte[] chunk = new byte[1 << 20];
    for (long sent = 0; sent < LENGTH; sent += chunk.length) out.write(chunk);
    out.flush();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/big", "/big"})
  void aDownloadLongerThanTheTotalTimeoutArrivesWhole(String path) throws IOException {
    long received = 0;
    long started = System.nanoTime();
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
      client.setSoTimeout(20_000);   // a hang fails the test instead of stalling it
      client.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: www.cdn.test\r\nConnection: close\r\n\r\n")
          .getBytes(US_ASCII));
      InputStream in = client.getInputStream();
      String head = RawHttp.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + LENGTH + "\r\n");
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) received += n;
    }
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assumeTrue(tookMillis >= TOTAL.toMillis(), "the whole body came within the total timeout: nothing shown");
    assertThat(received).as("bytes after %d ms", tookMillis).isEqualTo(LENGTH);
  }
}
