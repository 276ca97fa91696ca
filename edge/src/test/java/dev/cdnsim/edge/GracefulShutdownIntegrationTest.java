package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link EdgeServer#shutdown}: stop listening at once, let the requests in flight finish, then close. */
class GracefulShutdownIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();
  private final CountDownLatch originAnswers = new CountDownLatch(1);

  @AfterEach
  void stop() {
    originAnswers.countDown();
    t.close();
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A request for {@code path} that the origin answers only once {@link #originAnswers} is counted down. */
  private CompletableFuture<HttpResponse<String>> slowRequest(String path) {
    t.origin.script(r -> Reply.ok("answer to " + r.target()).gatedBy(originAnswers));
    CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
      try {
        return t.http.get(path);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    EdgeUnderTest.await("the request in flight", () -> t.edge.inFlightRequests() == 1);
    return response;
  }

  @Test
  void stopsListeningAtOnceAndLetsTheRequestInFlightFinish() throws Exception {
    int port = t.edge.port();
    CompletableFuture<HttpResponse<String>> inFlight = slowRequest("/slow");

    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> t.edge.shutdown(Duration.ofSeconds(10)));
    EdgeUnderTest.await("the port to refuse connections", () -> refused(port));
    assertThat(drained).isNotDone();
    originAnswers.countDown();

    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(inFlight.get().body()).isEqualTo("answer to /slow");
  }

  @Test
  void aRequestStillInFlightWhenTheGraceEndsIsCut() throws Exception {
    CompletableFuture<HttpResponse<String>> inFlight = slowRequest("/stuck");

    boolean drained = t.edge.shutdown(Duration.ofMillis(200));

    assertThat(drained).isFalse();
    assertThat(inFlight).failsWithin(Duration.ofSeconds(10));
  }

  @Test
  void withNothingInFlightItStopsAtOnce() throws Exception {
    int port = t.edge.port();
    t.origin.script(r -> Reply.ok("x"));
    t.http.get("/a");   // leaves an idle keep-alive connection

    assertThat(t.edge.shutdown(Duration.ofMinutes(10))).isTrue();   // returns without waiting out the grace
    assertThat(refused(port)).isTrue();
  }
}
