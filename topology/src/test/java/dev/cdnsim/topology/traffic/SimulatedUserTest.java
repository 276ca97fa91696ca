package dev.cdnsim.topology.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.origin.ContentClass;
import dev.cdnsim.topology.latency.RequestLatency;
import dev.cdnsim.topology.latency.WanLatency;
import dev.cdnsim.topology.workload.ZipfDistribution;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A simulated user's GET: the whole answer within its deadline, so an edge that stalls mid-body cannot hold it. */
class SimulatedUserTest {
  private final ServerSocket server = newServer();
  private final CountDownLatch done = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static ServerSocket newServer() {
    try {
      return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Answers one connection with {@code head} and {@code bodyPart}, then holds it open until the test ends. */
  private void answerOnce(String head, String bodyPart) {
    Thread.ofVirtual().start(() -> {
      try (Socket s = server.accept()) {
        s.getInputStream().read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write((head + bodyPart).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        done.await(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // the test is over
      }
    });
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/objects/1");
  }

  @AfterEach
  void stop() throws IOException {
    done.countDown();
    server.close();
    http.close();
  }

  @Test
  void aWholeAnswerComesBackWithTheTimeOfItsHead() throws Exception {
    answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Cache: HIT\r\n\r\n", "hello");
    long[] firstByte = {0};
    long start = System.nanoTime();

    HttpResponse<byte[]> response =
        SimulatedUser.get(http, HttpRequest.newBuilder(uri()), Duration.ofSeconds(5), firstByte);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(firstByte[0]).isBetween(start, System.nanoTime());
  }

  @Test
  void anAnswerWhoseBodyStallsFailsAtTheDeadline() {
    answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", "7 bytes");
    long start = System.nanoTime();

    assertThatThrownBy(
        () -> SimulatedUser.get(http, HttpRequest.newBuilder(uri()), Duration.ofMillis(300), new long[1]))
        .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aUserStoppedWhileItsDnsQueryIsOutCountsNoError() throws Exception {
    // A DNS server that never answers: the user's query waits there until the run's end interrupts it.
    try (DatagramSocket silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      silentDns.setSoTimeout(10_000);
      InetAddress source = InetAddress.getLoopbackAddress();
      EdgeResolver resolver = new EdgeResolver(new InetSocketAddress(source, silentDns.getLocalPort()), source,
          "www.cdn.example.", Clock.systemUTC());
      RegionTraffic traffic = new RegionTraffic("seoul");
      AtomicBoolean running = new AtomicBoolean(true);
      SimulatedUser user = new SimulatedUser(resolver, source, edge -> Optional.empty(), edge -> new GeoPoint(0, 0),
          new ObjectChooser(new ZipfDistribution(10, 0.9), List.of(new ContentClass("/objects/", "max-age=60")),
              List.of(1.0)),
          new RequestLatency(WanLatency.defaults(), new GeoPoint(0, 0), new GeoPoint(0, 0)), new SplittableRandom(1),
          0, 1, traffic, running::get);
      Thread thread = Thread.ofPlatform().start(user);
      silentDns.receive(new DatagramPacket(new byte[512], 512));   // the query is out

      running.set(false);   // as TrafficDriver.close does
      thread.interrupt();
      thread.join(10_000);

      assertThat(thread.isAlive()).isFalse();
      assertThat(traffic.errors()).as("a request cut by the run's end is not the CDN failing").isZero();
    }
  }
}
