package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fill's answer body ends as its framing says, and says once whether it ended whole (its connection reusable). */
class FillBodyTest {
  private final List<Boolean> ends = new ArrayList<>();

  private InputStream body(ResponseHead.Framing framing, long length, String wire) {
    ByteArrayInputStream in = new ByteArrayInputStream(wire.getBytes(ISO_8859_1));
    // One byte at a time at most 3: reads that stop anywhere, as a socket's do.
    return FillBody.of(framing, length, (b, off, len) -> in.read(b, off, Math.min(len, 3)), ends::add);
  }

  private static String all(InputStream in) throws IOException {
    return new String(in.readAllBytes(), ISO_8859_1);
  }

  @Test
  void aLengthBodyEndsAtItsLengthAndLeavesWhatFollows() throws IOException {
    InputStream b = body(ResponseHead.Framing.LENGTH, 5, "hello" + "HTTP/1.1 next");
    assertThat(all(b)).isEqualTo("hello");
    b.close();
    assertThat(ends).containsExactly(true);
  }

  @Test
  void aLengthBodyCutShortThrowsAndItsConnectionIsNotReused() {
    InputStream b = body(ResponseHead.Framing.LENGTH, 10, "hello");
    assertThatThrownBy(() -> all(b)).isInstanceOf(IOException.class).hasMessageContaining("5 bytes of the body to come");
    assertThat(ends).containsExactly(false);
  }

  @Test
  void chunksWithExtensionsAndTrailersArriveWhole() throws IOException {
    InputStream b = body(ResponseHead.Framing.CHUNKED, -1,
        "5;name=value\r\nhello\r\n1A\r\n" + "abcdefghijklmnopqrstuvwxyz" + "\r\n0\r\nX-Trailer: t\r\n\r\n" + "NEXT");
    assertThat(all(b)).isEqualTo("helloabcdefghijklmnopqrstuvwxyz");
    assertThat(ends).containsExactly(true);
  }

  @Test
  void aChunkSizeThatIsNoHexOrAChunkLongerThanItsSizeIsMalformed() {
    assertThatThrownBy(() -> all(body(ResponseHead.Framing.CHUNKED, -1, "zz\r\nhello\r\n0\r\n\r\n")))
        .isInstanceOf(ResponseHead.MalformedException.class);
    assertThatThrownBy(() -> all(body(ResponseHead.Framing.CHUNKED, -1, "2\r\nhello\r\n0\r\n\r\n")))
        .isInstanceOf(ResponseHead.MalformedException.class);
    assertThatThrownBy(() -> all(body(ResponseHead.Framing.CHUNKED, -1, "1" + "0".repeat(15) + "\r\n")))
        .isInstanceOf(ResponseHead.MalformedException.class);
    assertThat(ends).containsExactly(false, false, false);
  }

  @Test
  void aBodyUntilCloseNeverLeavesItsConnectionReusable() throws IOException {
    assertThat(all(body(ResponseHead.Framing.UNTIL_CLOSE, -1, "until the end"))).isEqualTo("until the end");
    assertThat(ends).containsExactly(false);
  }

  @Test
  void noBodyEndsWholeAtOnceAndAClosedBodyEndsOnce() throws IOException {
    InputStream none = body(ResponseHead.Framing.NONE, -1, "");
    assertThat(none.read()).isEqualTo(-1);
    InputStream half = body(ResponseHead.Framing.LENGTH, 10, "hello world");
    assertThat(half.read()).isEqualTo('h');
    half.close();
    half.close();
    assertThat(ends).containsExactly(true, false);
  }
}
