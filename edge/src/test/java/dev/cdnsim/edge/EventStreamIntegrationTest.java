package dev.cdnsim.edge;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Server-sent events through the edge: each event reaches the client while the origin's stream goes on, on a pass
 * route and on a cache route (where the stream is not stored but streamed through). The origin sends its second
 * event only once the client has read the first: an edge that held the stream back would have the client wait.
 */
class EventStreamIntegrationTest {
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch firstEventRead = new CountDownLatch(1);
  private ServerSocket origin;
  private EdgeServer edge;

  @AfterEach
  void stop() throws IOException {
    if (edge != null) edge.close();
    if (origin != null) origin.close();
    threads.shutdownNow();
  }

  private void start(String kind, String cacheControl) throws IOException {
    origin = RawHttp.serveEach(threads, connection -> {
      try (Socket s = connection) {
        RawHttp.readHead(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: " + cacheControl
            + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk("data: one\n\n")).getBytes(ISO_8859_1));
        out.flush();
        if (firstEventRead.await(10, TimeUnit.SECONDS)) {
          out.write((chunk("data: two\n\n") + "0\r\n\r\n").getBytes(ISO_8859_1));
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the test's end
      }
    });
    URI base = URI.create("http://127.0.0.1:" + origin.getLocalPort());
    PoolConfig pool = PoolConfig.of("app", List.of(Replica.of("o", base.toString(), 1)), Duration.ofSeconds(30));
    RouteConfig route = kind.equals("pass") ? RouteConfig.pass("/", "app") : RouteConfig.cache("/", "app");
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(base), 8 << 20,
        Duration.ofSeconds(30)).withBalancer(new BalancerConfig(List.of(pool), List.of(route))), Clock.systemUTC())
        .start();
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  @ParameterizedTest
  @CsvSource({"pass, no-cache", "cache, no-cache", "cache, 'public, max-age=60'"})
  void eachEventReachesTheClientWhileTheStreamGoesOn(String kind, String cacheControl) throws Exception {
    start(kind, cacheControl);
    try (Socket client = new Socket("127.0.0.1", edge.port())) {
      client.setSoTimeout(5_000);   // longer than any flush; the origin waits 10 s for the first event to be read
      client.getOutputStream().write("GET /events HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(ISO_8859_1));
      InputStream in = client.getInputStream();
      String head = readUntil(in, "data: one\n\n");
      assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-type: text/event-stream");
      if (kind.equals("cache")) assertThat(head).contains("detail=event-stream");
      firstEventRead.countDown();
      readUntil(in, "data: two\n\n");
    }
  }

  /** Reads until what came ends with {@code text}; returns all of it. A read that times out fails the test. */
  private static String readUntil(InputStream in, String text) throws IOException {
    StringBuilder got = new StringBuilder();
    while (got.indexOf(text) < 0) {
      int c = in.read();
      if (c < 0) throw new AssertionError("the stream ended before \"" + text + "\": " + got);
      got.append((char) c);
    }
    return got.toString();
  }
}
