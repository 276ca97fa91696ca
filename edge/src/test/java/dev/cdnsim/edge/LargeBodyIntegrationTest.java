package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import dev.cdnsim.edge.cache.PagePool;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Large bodies, in files sent with sendfile (64 to 512 KiB, by default) or in pages of direct memory (larger, or
 * without a body directory): the same bytes as the origin's, ranges included, and nothing held once neither the
 * cache nor a send needs it.
 */
@ParameterizedClass
@EnumSource(LargeBodyIntegrationTest.Home.class)
class LargeBodyIntegrationTest {
  /** Large enough for pages (3 MiB) or for a file (300 KiB: files hold bodies under 512 KiB). */
  private byte[] body;

  enum Home { PAGES, FILES }

  @Parameter Home home;
  @TempDir Path dir;
  private EdgeUnderTest t;

  @BeforeEach
  void start() {
    start(o -> o);
  }

  private void start(UnaryOperator<EdgeOptions> more) {
    if (t != null) t.close();
    body = new byte[home == Home.FILES ? 300 * 1024 + 17 : 3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(body);
    Optional<Path> files = home == Home.FILES ? Optional.of(dir) : Optional.empty();
    t = new EdgeUnderTest(o -> more.apply(o.withBodyDirectory(files)));
    t.origin.always(Reply.ok("").body(body).header("Cache-Control", "max-age=60").header("ETag", "\"big\""));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /**
   * A raw connection that has sent {@code GET path} (the same cache key as the test's client) and reads only when
   * told, through a receive buffer of 8 KiB: the edge cannot hand a large body to the kernel and be done.
   */
  private Socket slowClient(String path) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(8192);
    s.connect(new InetSocketAddress("127.0.0.1", t.edge.port()));
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + t.edge.port() + "\r\nConnection: close\r\n\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  /** Bytes held for large bodies, in files or pages. */
  private long held() {
    return home == Home.FILES ? t.edge.cache().bodies().fileBytes() : t.edge.cache().bodies().pageBytes();
  }

  @Test
  void aLargeHitIsTheStoredBytes() throws Exception {
    HttpResponse<byte[]> miss = t.http.bytes("/big");
    HttpResponse<byte[]> hit = t.http.bytes("/big");

    assertThat(header(miss, "X-Cache")).isEqualTo("MISS");
    assertThat(header(hit, "X-Cache")).isEqualTo("HIT");
    assertThat(miss.body()).isEqualTo(body);
    assertThat(hit.body()).isEqualTo(body);
    assertThat(header(hit, "Content-Length")).isEqualTo(String.valueOf(body.length));
    assertThat(t.origin.requestCount()).isEqualTo(1);
    String stats = t.http.get("/_edge/stats").body();
    String metrics = t.http.get("/_edge/metrics").body();
    if (home == Home.FILES) {
      assertThat(stats).contains("\"bodyPageBytes\":0,\"bodyPageSlabBytes\":0,\"bodyFiles\":1,\"bodyFileBytes\":"
          + body.length + ",");
      assertThat(metrics).contains("cdnsim_edge_body_files 1.0\n");
    } else {
      long pages = (body.length + PagePool.PAGE_BYTES - 1) / PagePool.PAGE_BYTES;
      assertThat(stats).contains("\"bodyPageBytes\":" + pages * PagePool.PAGE_BYTES + ",\"bodyPageSlabBytes\":"
          + 4 * 1024 * 1024 + ",\"bodyFiles\":0,"); // 3 MiB and 17 bytes: four slabs of 1 MiB
      assertThat(metrics).contains("cdnsim_edge_body_page_bytes " + (double) (pages * PagePool.PAGE_BYTES) + "\n",
          "cdnsim_edge_body_page_slab_bytes " + (double) (4 * 1024 * 1024) + "\n");
    }
  }

  @Test
  void rangesAndHeadComeFromTheStoredBodyToo() throws Exception {
    t.http.bytes("/big");

    int third = body.length / 3;
    HttpResponse<byte[]> range = t.http.bytes("/big", "Range", "bytes=" + third + "-" + (third + 99));
    HttpResponse<byte[]> tail = t.http.bytes("/big", "Range", "bytes=-5");
    HttpResponse<String> head = t.http.send("HEAD", "/big");

    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(body, third, third + 100));
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(body, body.length - 5, body.length));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(body.length));
  }

  @Test
  void aClientThatLeavesMidBodyDoesNotHoldTheBodyAfterPurge() throws Exception {
    t.http.bytes("/big");
    try (Socket s = slowClient("/big")) {
      assertThat(s.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024); // the head and some body, then gone
    }

    HttpResponse<String> purge = t.http.send("PURGE", "/big");

    assertThat(purge.body()).contains("\"purged\":1");
    assertThat(t.origin.requestCount()).as("the raw client got a hit").isEqualTo(1);
    EdgeUnderTest.await("the body to be freed once the purged body's last send ended", () -> held() == 0);
  }

  @Test
  void aClientThatStopsReadingIsCutOffAtTheClientTimeoutAndReleasesTheBody() throws Exception {
    // A send stalls only when the body is more than the kernel buffers for one connection (up to 4 MiB of send
    // buffer here), so only in pages: files hold bodies under 512 KiB.
    assumeTrue(home == Home.PAGES);
    start(o -> o.withClientTimeout(Duration.ofMillis(300)));
    byte[] huge = Arrays.copyOf(body, 6 * 1024 * 1024);
    t.origin.always(Reply.ok("").body(huge).header("Cache-Control", "max-age=60"));
    assertThat(t.http.bytes("/big").body()).isEqualTo(huge);
    try (Socket s = slowClient("/big")) {
      assertThat(s.getInputStream().readNBytes(1024)).hasSize(1024); // then it reads no more and stays connected

      t.http.send("PURGE", "/big");

      EdgeUnderTest.await("the stalled send to be cut off and the purged body freed", () -> held() == 0);
    }
  }

  @Test
  void aBodyStillBeingSentKeepsItsBytesWhenPurgedAndAnotherFillTakesFreedMemory() throws Exception {
    // As above, only pages can be held by a stalled send; files are never reused anyway.
    assumeTrue(home == Home.PAGES);
    byte[] a = new byte[6 * 1024 * 1024];
    byte[] b = new byte[6 * 1024 * 1024];
    new Random(1).nextBytes(a);
    new Random(2).nextBytes(b);
    t.origin.script(r -> Reply.ok("").body(r.target().startsWith("/a") ? a : b).header("Cache-Control", "max-age=60"));
    assertThat(t.http.bytes("/a").body()).isEqualTo(a);
    try (Socket s = slowClient("/a")) { // most of the 6 MiB waits in the edge, in /a's pages
      InputStream in = s.getInputStream();
      byte[] start = in.readNBytes(64 * 1024);

      assertThat(t.http.send("PURGE", "/a").body()).contains("\"purged\":1");
      HttpResponse<byte[]> other = t.http.bytes("/b"); // a fill that would take /a's pages had they been freed
      byte[] rest = in.readAllBytes();

      assertThat(header(other, "X-Cache")).isEqualTo("MISS");
      byte[] whole = Arrays.copyOf(start, start.length + rest.length);
      System.arraycopy(rest, 0, whole, start.length, rest.length);
      String text = new String(whole, 0, Math.min(whole.length, 4096), StandardCharsets.ISO_8859_1);
      int bodyStart = text.indexOf("\r\n\r\n") + 4;
      assertThat(Arrays.copyOfRange(whole, bodyStart, whole.length)).as("the hit's body, byte for byte").isEqualTo(a);
    }
    assertThat(t.http.bytes("/b").body()).isEqualTo(b);
  }
}
