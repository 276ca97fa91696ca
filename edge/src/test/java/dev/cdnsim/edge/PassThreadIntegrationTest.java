package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Passed requests stay on the I/O thread: the JDK's own record of virtual threads started (JFR) shows none
 * for 20 passed requests, and one for a cache miss, which does leave the I/O thread (the check sees it).
 */
class PassThreadIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  /**
   * How many virtual threads started while {@code work} ran. (The event is recorded in the new thread, so it does
   * not say who started it; nothing else in this JVM starts virtual threads meanwhile: no health checks here.)
   */
  private static long virtualThreadsStartedDuring(ThrowingRunnable work) throws Exception {
    List<RecordedEvent> starts = new CopyOnWriteArrayList<>();
    try (RecordingStream rs = new RecordingStream()) {
      rs.enable("jdk.VirtualThreadStart");
      rs.onEvent("jdk.VirtualThreadStart", starts::add);
      rs.startAsync();
      work.run();
      rs.stop();   // flushes what was recorded
    }
    return starts.size();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void passedRequestsStartNoVirtualThreadButAMissDoes() throws Exception {
    t.origin.always(Reply.ok("x").header("Cache-Control", "max-age=60"));

    long forPasses = virtualThreadsStartedDuring(() -> {
      for (int i = 0; i < 20; i++) assertThat(t.http.send("POST", "/p" + i).statusCode()).isEqualTo(200);
    });
    long forAMiss = virtualThreadsStartedDuring(() -> assertThat(t.http.get("/miss").statusCode()).isEqualTo(200));

    assertThat(forPasses).isZero();
    assertThat(forAMiss).isPositive();
  }
}
