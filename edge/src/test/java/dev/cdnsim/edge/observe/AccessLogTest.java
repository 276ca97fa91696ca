package dev.cdnsim.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cdnsim.edge.EdgeUnderTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
  @TempDir Path dir;

  @Test
  void linesReachTheFileInOrderAndALaterRunAppends() throws IOException {
    Path file = dir.resolve("access.log");
    try (AccessLog log = AccessLog.open(file)) {
      for (int i = 0; i < 10_000; i++) log.log("line " + i);
    }
    try (AccessLog log = AccessLog.open(file)) {
      log.log("next run");
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(10_001);
    assertThat(lines.subList(0, 10_000)).isEqualTo(IntStream.range(0, 10_000).mapToObj(i -> "line " + i).toList());
    assertThat(lines.get(10_000)).isEqualTo("next run");
  }

  @Test
  void reopenAfterTheFileWasMovedStartsANewOneAsNginxDoesOnUsr1() throws IOException {
    Path file = dir.resolve("access.log");
    Path rotated = dir.resolve("access.log.1");
    try (AccessLog log = AccessLog.open(file)) {
      log.log("before");
      EdgeUnderTest.await("the first line written", () -> lines(file).size() == 1);
      Files.move(file, rotated);

      log.reopen();
      EdgeUnderTest.await("the file opened again", () -> Files.exists(file));
      log.log("after");
    }

    assertThat(Files.readAllLines(rotated)).containsExactly("before");
    assertThat(Files.readAllLines(file)).containsExactly("after");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A disk that takes nothing until {@code back} is counted down, then everything into {@code written}. */
  private static Writer stuckUntil(CountDownLatch back, StringWriter written) {
    return new Writer() {
      @Override public void write(char[] b, int off, int len) {
        try {
          back.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.write(b, off, len);
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  @Test
  void aStuckDiskNeverHoldsUpARequestLinesAreDroppedAndCounted() {
    CountDownLatch diskBack = new CountDownLatch(1);
    StringWriter written = new StringWriter();
    AccessLog log = new AccessLog("test", null, stuckUntil(diskBack, written), true, 8, Long.MAX_VALUE, quiet());

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 1000; i++) log.log("line " + i);
    });
    long dropped = log.dropped();
    diskBack.countDown();
    log.close();

    // The queue's 8 were kept, and what the writer may have taken before its first write stuck (up to 9 more).
    assertThat(dropped).isBetween(1000L - 8 - 9, 1000L - 8);
    assertThat(written.toString().lines().count()).isEqualTo(1000 - dropped);
    assertThat(written.toString()).startsWith("line 0\n");
  }

  @Test
  void longLinesAreBoundedByTheirCharactersNotOnlyTheirCount() {
    CountDownLatch diskBack = new CountDownLatch(1);
    StringWriter written = new StringWriter();
    AccessLog log = new AccessLog("test", null, stuckUntil(diskBack, written), true, 1000, 10_000, quiet());
    String line = "x".repeat(1000);

    for (int i = 0; i < 100; i++) log.log(line);
    long dropped = log.dropped();
    diskBack.countDown();
    log.close();

    // 10 lines' worth queued, and up to as many more that the writer took before it stuck.
    assertThat(dropped).isBetween(100L - 20, 100L - 10);
    assertThat(written.toString().lines().count()).isEqualTo(100 - dropped);
  }

  @Test
  void failingWritesAreReportedOnceAndTheirLinesCounted() {
    Writer broken = new Writer() {
      @Override public void write(char[] b, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    ByteArrayOutputStream problems = new ByteArrayOutputStream();
    AccessLog log = new AccessLog("/var/log/edge.log", null, broken, true, 64, Long.MAX_VALUE,
        new PrintStream(problems, true));

    for (int i = 0; i < 5; i++) log.log("line " + i);
    log.close();

    assertThat(log.dropped()).isEqualTo(5);
    assertThat(problems.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
        .contains("/var/log/edge.log").contains("No space left on device");
  }

  @Test
  void linesAfterCloseAreCountedAsDropped() {
    AccessLog log = new AccessLog("test", null, new StringWriter(), true, 8, Long.MAX_VALUE, quiet());
    log.close();

    log.log("too late");

    assertThat(log.dropped()).isEqualTo(1);
  }

  @Test
  void aFileThatCannotBeOpenedIsNamedWithTheReason() {
    Path missing = dir.resolve("no-such-folder").resolve("access.log");

    assertThatThrownBy(() -> AccessLog.open(missing)).isInstanceOf(IOException.class)
        .hasMessage("cannot open the access log " + missing + ": its folder does not exist");
  }
}
