package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large bodies kept in files and sent with sendfile: the same bytes as from memory, ranges included, and no file left open. */
class FileBodyIntegrationTest {
  private static final byte[] BODY = new byte[3 * 1024 * 1024 + 17];

  static {
    new Random(42).nextBytes(BODY);
  }

  @TempDir Path dir;
  private EdgeUnderTest t;

  @BeforeEach
  void start() {
    t = new EdgeUnderTest(o -> o.withBodyDirectory(Optional.of(dir)));
    t.origin.always(Reply.ok("").body(BODY).header("Cache-Control", "max-age=60").header("ETag", "\"big\""));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private long openFiles() {
    return t.edge.cache().bodies().openFiles();
  }

  @Test
  void aLargeHitIsTheStoredBytesFromItsFile() throws Exception {
    HttpResponse<byte[]> miss = t.http.bytes("/big");
    HttpResponse<byte[]> hit = t.http.bytes("/big");

    assertThat(header(miss, "X-Cache")).isEqualTo("MISS");
    assertThat(header(hit, "X-Cache")).isEqualTo("HIT");
    assertThat(miss.body()).isEqualTo(BODY);
    assertThat(hit.body()).isEqualTo(BODY);
    assertThat(header(hit, "Content-Length")).isEqualTo(String.valueOf(BODY.length));
    assertThat(openFiles()).isEqualTo(1);
    assertThat(t.origin.requestCount()).isEqualTo(1);
    assertThat(t.http.get("/_edge/stats").body()).contains("\"bodyFiles\":1,\"bodyFileBytes\":" + BODY.length + ",");
    assertThat(t.http.get("/_edge/metrics").body()).contains("cdnsim_edge_body_files 1.0\n");
  }

  @Test
  void rangesAndHeadComeFromTheFileToo() throws Exception {
    t.http.bytes("/big");

    HttpResponse<byte[]> range = t.http.bytes("/big", "Range", "bytes=1000000-1000099");
    HttpResponse<byte[]> tail = t.http.bytes("/big", "Range", "bytes=-5");
    HttpResponse<String> head = t.http.send("HEAD", "/big");

    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(BODY, 1_000_000, 1_000_100));
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(BODY, BODY.length - 5, BODY.length));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(BODY.length));
  }

  @Test
  void aClientThatLeavesMidBodyDoesNotKeepTheFileOpenAfterPurge() throws Exception {
    t.http.bytes("/big");
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(8192); // so that the edge cannot hand the whole body to the kernel and be done
      s.connect(new InetSocketAddress("127.0.0.1", t.edge.port()));
      OutputStream out = s.getOutputStream();
      String request = "GET /big HTTP/1.1\r\nHost: 127.0.0.1:" + t.edge.port() + "\r\n\r\n"; // the same cache key
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024); // headers and the first part of the body, then gone
    }

    HttpResponse<String> purge = t.http.send("PURGE", "/big");

    assertThat(purge.body()).contains("\"purged\":1");
    assertThat(t.origin.requestCount()).as("the raw client got a hit").isEqualTo(1);
    EdgeUnderTest.await("the file to close once the purged body's last send ended", () -> openFiles() == 0);
  }
}
