package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/** A head in bytes ahead of a body, over a socket that takes a few bytes per write. */
class HeadFirstConduitTest {
  /** The end of the line under {@link Trickle}: any call that reaches it fails the test. */
  private static final StreamSinkConduit NOTHING_BELOW = (StreamSinkConduit) Proxy.newProxyInstance(
      StreamSinkConduit.class.getClassLoader(), new Class<?>[] {StreamSinkConduit.class}, (proxy, method, args) -> {
        throw new UnsupportedOperationException(method.getName() + " below the socket");
      });

  /** Stands for a socket whose send buffer takes at most {@code perWrite} bytes a call, and records them. */
  private static final class Trickle extends AbstractStreamSinkConduit<StreamSinkConduit> {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final int perWrite;
    boolean ended;

    Trickle(int perWrite) {
      super(NOTHING_BELOW);
      this.perWrite = perWrite;
    }

    @Override
    public int write(ByteBuffer src) {
      if (ended) throw new IllegalStateException("write after the writes ended");
      int n = Math.min(perWrite, src.remaining());
      for (int i = 0; i < n; i++) sent.write(src.get());
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      long total = 0;
      for (int i = offset; i < offset + length && total < perWrite; i++) {
        int n = Math.min(perWrite - (int) total, srcs[i].remaining());
        for (int k = 0; k < n; k++) sent.write(srcs[i].get());
        total += n;
      }
      return total;
    }

    @Override
    public boolean flush() {
      return true;
    }

    @Override
    public void terminateWrites() {
      ended = true;
    }

    @Override
    public void truncateWrites() {
      ended = true;
    }
  }

  /** Counts how often the head's buffer is given back. */
  private static final class Release implements Runnable {
    int times;

    @Override
    public void run() {
      times++;
    }
  }

  private static HeadFirstConduit headFirst(Trickle socket, String head) {
    return headFirst(socket, ByteBuffer.wrap(head.getBytes(ISO_8859_1)), new Release());
  }

  private static HeadFirstConduit headFirst(Trickle socket, ByteBuffer head, Release release) {
    return new HeadFirstConduit(socket, head, release);
  }

  @Test
  void theHeadGoesFirstAndWritesCountOnlyTheBody() throws IOException {
    Trickle socket = new Trickle(4);
    HeadFirstConduit c = headFirst(socket, "HEAD-LINE\r\n\r\n");
    ByteBuffer body = ByteBuffer.wrap("hello, world".getBytes(ISO_8859_1));

    long counted = 0;
    for (int calls = 0; body.hasRemaining() && calls < 100; calls++) counted += c.write(body);

    assertThat(socket.sent.toString(ISO_8859_1)).isEqualTo("HEAD-LINE\r\n\r\nhello, world");
    assertThat(counted).isEqualTo(12);
  }

  @Test
  void endingTheWritesWaitsForTheHeadToGoOut() throws IOException {
    Trickle socket = new Trickle(3);
    HeadFirstConduit c = headFirst(socket, "HTTP/1.1 200 OK\r\n\r\n");

    c.terminateWrites();   // an empty body, and a connection that closes after it
    assertThat(socket.ended).isFalse();
    for (int calls = 0; !c.flush() && calls < 100; calls++) { }

    assertThat(socket.sent.toString(ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
    assertThat(socket.ended).isTrue();
  }

  @Test
  void gatheredBodiesFollowTheHead() throws IOException {
    Trickle socket = new Trickle(5);
    HeadFirstConduit c = headFirst(socket, "H\r\n\r\n");
    ByteBuffer[] body = {ByteBuffer.wrap("ab".getBytes(ISO_8859_1)), ByteBuffer.wrap("cdef".getBytes(ISO_8859_1))};

    long counted = 0;
    for (int calls = 0; body[1].hasRemaining() && calls < 100; calls++) counted += c.write(body, 0, 2);

    assertThat(socket.sent.toString(ISO_8859_1)).isEqualTo("H\r\n\r\nabcdef");
    assertThat(counted).isEqualTo(6);
  }

  @Test
  void theHeadsBufferIsGivenBackOnceItIsOutAndNotTouchedAfter() throws IOException {
    Trickle socket = new Trickle(4);
    ByteBuffer head = ByteBuffer.wrap("HEAD-LINE\r\n\r\n".getBytes(ISO_8859_1));
    Release release = new Release();
    HeadFirstConduit c = headFirst(socket, head, release);
    ByteBuffer body = ByteBuffer.wrap("hello, world".getBytes(ISO_8859_1));

    for (int calls = 0; release.times == 0 && calls < 100; calls++) c.write(body);
    assertThat(release.times).isEqualTo(1);
    // The buffer is another connection's now: what it holds must not reach this socket.
    head.clear();
    head.put("JUNK".getBytes(ISO_8859_1)).flip();
    for (int calls = 0; body.hasRemaining() && calls < 100; calls++) c.write(body);
    c.terminateWrites();
    c.flush();

    assertThat(socket.sent.toString(ISO_8859_1)).isEqualTo("HEAD-LINE\r\n\r\nhello, world");
    assertThat(release.times).isEqualTo(1);
  }

  @Test
  void writesCutShortGiveTheHeadsBufferBackOnce() throws IOException {
    Trickle socket = new Trickle(3);
    Release release = new Release();
    HeadFirstConduit c = headFirst(socket, ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(ISO_8859_1)), release);

    c.write(ByteBuffer.wrap("body".getBytes(ISO_8859_1)));   // three bytes of the head went
    assertThat(release.times).isZero();
    c.truncateWrites();
    c.truncateWrites();

    assertThat(release.times).isEqualTo(1);
    assertThat(socket.ended).isTrue();
  }
}
