package dev.cdnsim.edge.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.fetch.HttpProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP probes against replicas that misbehave on purpose (raw sockets on loopback): a probe never outlives its timeout. */
class HealthProbeTest {
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private HealthChecker checker;

  /** A replica that answers every connection with {@code answer} (which may be nothing) and then holds it open. */
  private Replica replica(String answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          Socket s = server.accept();
          held.add(s);
          OutputStream out = s.getOutputStream();
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    return Replica.of("r", "http://127.0.0.1:" + server.getLocalPort(), 1);
  }

  private HealthChecker start(Replica replica, Duration timeout) {
    ActiveCheckConfig check = new ActiveCheckConfig(ActiveCheckConfig.Kind.HTTP, "/health", 200,
        Duration.ofHours(1), timeout, 1, 1);
    Pool pool = Pool.create(PoolConfig.of("p", List.of(replica), Duration.ofSeconds(1))
        .withHealth(HealthConfig.defaults().withActive(check)), Clock.systemUTC(), new SplittableRandom(1));
    return checker = HealthChecker.start(pool, new HttpProbe(), "t");
  }

  private boolean probe(Replica replica) throws Exception {
    start(replica, Duration.ofMillis(300));
    // Bounded so that a hanging probe fails the test instead of hanging it.
    return CompletableFuture.supplyAsync(() -> checker.probe(replica)).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    if (checker != null) CompletableFuture.runAsync(checker::close).get(10, TimeUnit.SECONDS);
    if (server != null) server.close();
    for (Socket s : held) s.close();
  }

  @Test
  void theExpectedStatusIsEnoughEvenWhenTheBodyNeverComes() throws Exception {
    assertThat(probe(replica("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial"))).isTrue();
  }

  @Test
  void anotherStatusFails() throws Exception {
    assertThat(probe(replica("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"))).isFalse();
  }

  @Test
  void noAnswerWithinTheTimeoutFails() throws Exception {
    assertThat(probe(replica(""))).isFalse();
  }

  @Test
  void aHeadThatNeverEndsFails() throws Exception {
    assertThat(probe(replica("HTTP/1.1 200 OK\r\nX-Slow: "))).isFalse();
  }

  @Test
  void anInterimAnswerIsSkipped() throws Exception {
    assertThat(probe(replica("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))).isTrue();
  }

  @Test
  void aHeadWithBareLineFeedsIsAHeadAsForPassedAnswers() throws Exception {
    assertThat(probe(replica("HTTP/1.1 200 OK\nContent-Length: 0\n\n"))).isTrue();
  }

  @Test
  void aHeadThatTheEdgeWouldRefuseAsMalformedFails() throws Exception {
    // A bare CR inside a field: a passed request would get 502 from this replica, so its probe fails too.
    assertThat(probe(replica("HTTP/1.1 200 OK\r\nX-Note: a\rb\r\nContent-Length: 0\r\n\r\n"))).isFalse();
  }

  @Test
  void garbageFails() throws Exception {
    assertThat(probe(replica("SSH-2.0-OpenSSH_9.6\r\n\r\n"))).isFalse();
  }

  @Test
  void closingTheCheckerEndsAProbeInFlight() throws Exception {
    HealthChecker running = start(replica(""), Duration.ofMinutes(5)); // the replica accepts and says nothing
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held.isEmpty() && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    assertThat(held).as("the probe connected").hasSize(1);

    CompletableFuture.runAsync(running::close).get(10, TimeUnit.SECONDS); // not the probe's five minutes
    checker = null;
  }
}
