package dev.cdnsim.geodns;

import static dev.cdnsim.geodns.DefaultTopology.LONDON_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.SEOUL_EDGE;
import static dev.cdnsim.geodns.DefaultTopology.ip;
import static dev.cdnsim.geodns.Queries.query;
import static dev.cdnsim.geodns.Queries.rdata;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Active health checks against a real HTTP server that is stopped and started again. Probes run
 * every 50 ms with rise = fall = 2, so changes show within a fraction of a second.
 */
class HealthIntegrationTest {
  /** Changes show in a fraction of a second; the margin is for a heavily loaded machine. */
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer edgeHealth;
  private int healthPort;
  private GeoDnsServer dns;

  @BeforeEach
  void startHealthEndpoint() throws IOException {
    edgeHealth = healthServer(0);
    healthPort = edgeHealth.getAddress().getPort();
  }

  @AfterEach
  void stopAll() {
    if (dns != null) {
      dns.close();
    }
    edgeHealth.stop(0);
  }

  private HttpServer healthServer(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip("127.0.0.1"), port), 0);
    server.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  private URI healthUrl() {
    return URI.create("http://127.0.0.1:" + healthPort + "/health");
  }

  private List<String> answerForSeoulUser() throws IOException {
    return answerForSeoulUser("www.cdn.test.");
  }

  private List<String> answerForSeoulUser(String name) throws IOException {
    return rdata(RawDns.udpMessage(dns.port(), "127.101.0.1", query(name, Type.A)),
        Section.ANSWER);
  }

  /** Polls until the Seoul user's answer is {@code expected}; fails after the deadline. */
  private void awaitAnswer(String expected) throws IOException {
    awaitAnswer("www.cdn.test.", expected);
  }

  private void awaitAnswer(String name, String expected) throws IOException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    List<String> last = answerForSeoulUser(name);
    while (!last.equals(List.of(expected)) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      last = answerForSeoulUser(name);
    }
    assertThat(last).as("answer for %s within %s", name, DEADLINE).containsExactly(expected);
  }

  @Test
  void deadEdgeLeavesTheAnswersAndComesBackWhenItRecovers() throws IOException {
    dns = new GeoDnsServer(DefaultTopology.config(healthUrl(), null, null), Clock.systemUTC())
        .start();
    assertThat(answerForSeoulUser()).containsExactly(SEOUL_EDGE);
    assertThat(dns.edgeHealth()).as("only the probed edge").isEqualTo(java.util.Map.of("seoul", true));

    edgeHealth.stop(0);
    awaitAnswer(LONDON_EDGE); // next nearest to Seoul
    assertThat(dns.edgeHealth()).isEqualTo(java.util.Map.of("seoul", false));

    edgeHealth = healthServer(healthPort);
    awaitAnswer(SEOUL_EDGE);
    assertThat(dns.edgeHealth()).isEqualTo(java.util.Map.of("seoul", true));
    assertThat(dns.stats().failedOpen()).isZero();
    dns.close();
    assertThat(dns.edgeHealth()).as("stopped").isEmpty();
  }

  @Test
  void anEdgeOverCapacityShedsCapacityAwareNamesOnly() throws IOException {
    GeoDnsConfig config = DefaultTopology.config(healthUrl(), null, null)
        .withPolicy("spare.cdn.test.", new EdgePolicy.CapacityAware());
    dns = new GeoDnsServer(config, Clock.systemUTC()).start();
    assertThat(answerForSeoulUser("spare.cdn.test.")).containsExactly(SEOUL_EDGE);

    status.set(429); // Too Many Requests: alive, but full
    awaitAnswer("spare.cdn.test.", LONDON_EDGE);
    assertThat(answerForSeoulUser()).containsExactly(SEOUL_EDGE); // nearest ignores capacity

    status.set(200);
    awaitAnswer("spare.cdn.test.", SEOUL_EDGE);
  }

  @Test
  void whenEveryEdgeIsDownTheNearestIsAnsweredAndCounted() throws IOException {
    URI url = healthUrl();
    dns = new GeoDnsServer(DefaultTopology.config(url, url, url), Clock.systemUTC()).start();
    edgeHealth.stop(0);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (dns.stats().failedOpen() == 0 && System.nanoTime() < deadline) {
      answerForSeoulUser(); // edges go down one probe apart: London may answer in between
    }
    assertThat(dns.stats().failedOpen()).isPositive();
    assertThat(answerForSeoulUser()).containsExactly(SEOUL_EDGE);
  }

  @Test
  void anEdgeThatNeverFinishesItsHealthAnswerIsDown() throws IOException {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer stalling = HttpServer.create(new InetSocketAddress(ip("127.0.0.1"), 0), 0);
    stalling.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    stalling.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, 1000); // a 200, then 7 of its 1000 bytes, then nothing
      exchange.getResponseBody().write("partial".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      exchange.getResponseBody().flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalling.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + stalling.getAddress().getPort() + "/health");
      dns = new GeoDnsServer(DefaultTopology.config(url, null, null), Clock.systemUTC()).start();

      awaitAnswer(LONDON_EDGE);
    } finally {
      release.countDown();
      stalling.stop(0);
    }
  }
}
