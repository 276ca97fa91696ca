package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import io.undertow.conduits.AbstractFixedLengthStreamSinkConduit;
import io.undertow.conduits.ChunkedStreamSinkConduit;
import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.FinishableStreamSourceConduit;
import io.undertow.conduits.FixedLengthStreamSourceConduit;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.AbstractAttachable;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.PooledAdaptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * One HTTP/1.1 connection to an origin replica, plain or TLS, carrying one passed request at a time on the I/O
 * thread that opened it. It writes the request head from bytes ({@link RequestHead}), reads the answer's head
 * into bytes and parses it ({@link ResponseHead}), and frames both bodies with Undertow's conduits (fixed length,
 * chunked, up to the close). It does no more than a proxy needs (no HTTP/2, no pipelining), which is why it costs
 * less per request than Undertow's general client. A request that asks to switch protocols and gets 101 ends the
 * connection's HTTP: from then on its bytes are a {@link Tunnel}'s.
 *
 * <p>Idle, it keeps reading: a replica that closes the connection, or sends anything unasked, gets it closed, so
 * that the pool rarely hands out a dead one.
 */
final class ReplicaConnection {
  /** The largest answer head read (nginx stops at its proxy_buffer_size, 4 or 8 KiB, with a 502 too). */
  static final int MAX_HEAD = 64 * 1024;
  /** Bytes copied from the socket's buffer at a time while looking for the head's end: most heads fit in one. */
  private static final int PIECE = 512;

  /** What one exchange hears back, on the connection's I/O thread; after {@code failed}, nothing more. */
  interface Exchange {
    /** The request head went out (over TLS: the handshake is over too). */
    void headSent();

    /** The final answer's head came whole; its body reads from {@code body}, which ends where the body ends. */
    void answered(ResponseHead head, ConduitStreamSourceChannel body);

    /** The connection failed, or the replica answered nonsense, before the final answer's head came whole. */
    void failed(IOException e);
  }

  private final StreamConnection connection;
  private final ByteBufferPool buffers;
  private final PushBackStreamSourceConduit source;
  private final StreamSinkConduit sink;
  /** Where a chunked answer's trailers go (the edge does not forward them). */
  private final AbstractAttachable trailers = new AbstractAttachable() {};
  /**
   * Where the request head is written and the answer read: at the end of the thread's round of events, together
   * with the other connections' heads and answers of that round, so that the replica and the clients are woken once
   * for them all.
   */
  private final RoundEnd roundEnd;
  private final ChannelListener<ConduitStreamSourceChannel> onAnswer = in -> answerLater();
  private final Runnable readAnswer = this::readQueuedAnswer;
  private final Runnable writeHead = this::writeHead;
  /** Whether {@link #readAnswer} waits in {@link #roundEnd}. */
  private boolean answerQueued;
  private final ChannelListener<ConduitStreamSourceChannel> whileIdle = this::readWhileIdle;
  private final RequestHead requestHead = new RequestHead();
  /** The answer's head as read so far: {@code answer[0, answerLength)}. */
  private byte[] answer = new byte[2048];
  private int answerLength;
  private Exchange exchange;
  private HttpString method;
  /** Whether the request in flight asks to switch protocols: then a 101 is its final answer. */
  private boolean upgrade;
  /** The request body's declared length, or -1 when it goes chunked (see {@link #requestBody()}). */
  private long bodyLength;
  private ByteBuffer head;
  /** Whether the last answer lets the connection carry another request (a new connection: yes). */
  private boolean keep = true;
  /** Whether the last answer's body was read to its end (a new connection: no answer to read). */
  private boolean bodyEnded = true;

  ReplicaConnection(StreamConnection connection, ByteBufferPool buffers, RoundEnd roundEnd) {
    this.connection = requireNonNull(connection, "connection");
    this.roundEnd = requireNonNull(roundEnd, "roundEnd");
    this.buffers = requireNonNull(buffers, "buffers");
    this.source = new PushBackStreamSourceConduit(connection.getSourceChannel().getConduit());
    connection.getSourceChannel().setConduit(source);
    this.sink = connection.getSinkChannel().getConduit();
    idle();
  }

  boolean isOpen() {
    return connection.isOpen();
  }

  /** The head of the next request, for the caller to {@link RequestHead#start} and fill before {@link #send}. */
  RequestHead head() {
    return requestHead;
  }

  /**
   * Sends the request whose head was filled in {@link #head()} ({@code method} tells how its answer is framed,
   * {@code upgrade} whether it asks to switch protocols): the head at the end of this round of events, then, if the
   * request has a body (the caller's part, after {@link Exchange#headSent}), its {@code bodyLength} bytes through
   * {@link #requestBody()}, chunked when -1.
   */
  void send(HttpString method, long bodyLength, boolean upgrade, Exchange then) {
    this.exchange = requireNonNull(then, "then");
    this.method = method;
    this.upgrade = upgrade;
    this.bodyLength = bodyLength;
    this.answerLength = 0;
    this.keep = false;
    this.bodyEnded = false;
    ConduitStreamSourceChannel in = connection.getSourceChannel();
    in.setReadListener(onAnswer);
    in.resumeReads();
    ConduitStreamSinkChannel out = connection.getSinkChannel();
    out.setConduit(sink);
    head = requestHead.finish();
    roundEnd.later(writeHead);
  }

  /** What the replica sent, read at the end of the round in which it came. */
  private void readQueuedAnswer() {
    answerQueued = false;
    readNow();
  }

  private void answerLater() {
    if (answerQueued) return;
    answerQueued = true;
    roundEnd.later(readAnswer);
  }

  /**
   * The sink of the request body, framed as {@link #send} declared it: after {@link Exchange#headSent}, once, and
   * only for a request with a body. A body longer than its declared length (0 included: an HTTP/2 request may
   * declare none and still have DATA) fails its write instead of reaching the replica as another request.
   */
  ConduitStreamSinkChannel requestBody() throws IOException {
    ConduitStreamSinkChannel out = connection.getSinkChannel();
    if (bodyLength >= 0) {
      out.setConduit(new AbstractFixedLengthStreamSinkConduit(sink, bodyLength, false, false) { });
      return out;
    }
    ChunkedStreamSinkConduit chunks = new ChunkedStreamSinkConduit(sink, buffers, false, false, new HeaderMap(), null,
        trailers);
    // Undertow's conduit ends a body it has neither written nor flushed by re-framing the message (Content-Length:
    // 0 in the header map it was given) and writes no last chunk: right for a response whose head is not out yet,
    // wrong here, where "Transfer-Encoding: chunked" has gone to the replica, which would wait for the end of an
    // empty body forever. A first flush makes it end every body with its last chunk.
    chunks.flush();
    out.setConduit(chunks);
    return out;
  }

  /** The head goes out straight through to the socket (or TLS), under any body framing. */
  private void writeHead() {
    if (head == null) return;   // closed meanwhile
    ConduitStreamSinkChannel out = connection.getSinkChannel();
    try {
      while (head.hasRemaining()) {
        if (sink.write(head) == 0) {
          out.setWriteListener(ch -> writeHead());
          out.resumeWrites();
          return;
        }
      }
      if (!sink.flush()) {
        out.setWriteListener(ch -> writeHead());
        out.resumeWrites();
        return;
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    out.setWriteListener(null);
    out.suspendWrites();
    head = null;
    if (exchange != null) exchange.headSent();
  }

  /**
   * Reads at once what the replica has sent: at the end of the round its bytes came in, or after a write of the
   * request failed, when its answer may have come before it closed the connection (an early 413, say, from a replica
   * that closes on a body it will not take). Reports: {@link Exchange#answered} when the head is whole,
   * {@link Exchange#failed} when the connection ended or broke first, nothing when no whole head is there.
   */
  void readNow() {
    if (exchange != null) readAnswer(connection.getSourceChannel());
  }

  private void readAnswer(ConduitStreamSourceChannel in) {
    PooledByteBuffer pooled = buffers.allocate();
    boolean pushedBack = false;
    try {
      ByteBuffer buffer = pooled.getBuffer();
      while (exchange != null) {
        buffer.clear();
        int n = in.read(buffer);
        if (n == 0) return;
        if (n < 0) {
          fail(new IOException("the replica closed the connection before its answer's head came whole"));
          return;
        }
        buffer.flip();
        pushedBack = took(buffer, pooled, in);
        if (pushedBack) return;
      }
    } catch (IOException e) {
      fail(e);
    } finally {
      if (!pushedBack) pooled.close();
    }
  }

  /**
   * Adds what was read to the answer's head, a piece at a time so that the body's bytes are not copied too, and
   * once the head is whole hands the answer over, with the body bytes that came with it pushed back. Returns
   * whether {@code pooled} went with them.
   */
  private boolean took(ByteBuffer read, PooledByteBuffer pooled, ConduitStreamSourceChannel in) throws IOException {
    while (read.hasRemaining()) {
      int n = Math.min(read.remaining(), PIECE);
      if (answerLength + n > answer.length) {
        if (answerLength + n > MAX_HEAD) {
          throw new ResponseHead.MalformedException("a head longer than " + MAX_HEAD + " bytes");
        }
        answer = Arrays.copyOf(answer, Math.min(MAX_HEAD, Math.max(answer.length * 2, answerLength + n)));
      }
      read.get(answer, answerLength, n);
      int scanFrom = Math.max(0, answerLength - 3);
      answerLength += n;
      for (int end; (end = ResponseHead.end(answer, scanFrom, answerLength)) >= 0; scanFrom = 0) {
        ResponseHead parsed = ResponseHead.parse(answer, end, upgrade);
        int rest = answerLength - end;
        if (!parsed.interim()) {
          read.position(read.position() - rest);
          boolean withBytes = read.hasRemaining();
          if (withBytes) source.pushBack(new PooledAdaptor(pooled));
          answered(parsed, in, rest);
          return withBytes;
        }
        System.arraycopy(answer, end, answer, 0, rest);
        answerLength = rest;
      }
    }
    return false;
  }

  /** The answer's head came whole, with {@code after} bytes of what follows it already read. */
  private void answered(ResponseHead parsed, ConduitStreamSourceChannel in, int after) throws IOException {
    if (parsed.status() == 101) {
      // The connection is the tunnel's now: its bytes as they come, those read with the head first.
      keep = false;
      in.setConduit(source);
      handOver(parsed, in);
      return;
    }
    ResponseHead.Framing framing = parsed.framing(method);
    // Bytes past a body whose length is known are no answer to anything: never read them as the next one.
    boolean overran = framing == ResponseHead.Framing.NONE ? after > 0
        : framing == ResponseHead.Framing.LENGTH && after > parsed.contentLength();
    keep = parsed.keepsConnection(method) && !overran;
    StreamSourceConduit body = switch (framing) {
      case NONE -> new FixedLengthStreamSourceConduit(source, 0, c -> bodyEnded = true);
      case LENGTH -> new FixedLengthStreamSourceConduit(source, parsed.contentLength(), c -> bodyEnded = true);
      case CHUNKED -> new ChunkedStreamSourceConduit(source, source, buffers, c -> bodyEnded = true, trailers,
          connection);
      case UNTIL_CLOSE -> new FinishableStreamSourceConduit(source, c -> bodyEnded = true);
    };
    in.setConduit(body);
    handOver(parsed, in);
  }

  private void handOver(ResponseHead parsed, ConduitStreamSourceChannel in) {
    in.setReadListener(null);
    in.suspendReads();
    Exchange to = exchange;
    exchange = null;
    to.answered(parsed, in);
  }

  private void fail(IOException e) {
    Exchange to = exchange;
    exchange = null;
    close();
    if (to != null) to.failed(e);
  }

  /**
   * Whether the connection can carry another request: the answer said so and was read to its end. (The caller
   * also knows whether its request went out whole.)
   */
  boolean reusable() {
    return keep && bodyEnded && connection.isOpen();
  }

  /** Back to idle after an exchange that {@link #reusable()} allowed. */
  void idle() {
    exchange = null;
    ConduitStreamSourceChannel in = connection.getSourceChannel();
    in.setConduit(source);
    connection.getSinkChannel().setConduit(sink);
    connection.getSinkChannel().setWriteListener(null);
    in.setReadListener(whileIdle);
    in.resumeReads();
  }

  private void readWhileIdle(ConduitStreamSourceChannel in) {
    PooledByteBuffer pooled = buffers.allocate();
    try {
      // Closed by the replica (-1), or bytes nobody asked for: either way the connection is done.
      if (in.read(pooled.getBuffer()) != 0) close();
    } catch (IOException e) {
      close();
    } finally {
      pooled.close();
    }
  }

  /**
   * The connection's sink after a 101 (its source is the channel {@link Exchange#answered} handed over): for a
   * {@link Tunnel}, which closes the connection when it ends.
   */
  ConduitStreamSinkChannel switchedSink() {
    ConduitStreamSinkChannel out = connection.getSinkChannel();
    out.setConduit(sink);
    return out;
  }

  /** Closes the connection; nothing more is reported. */
  void close() {
    exchange = null;
    head = null;
    IoUtils.safeClose(connection);
  }

  @Override
  public String toString() {
    return "ReplicaConnection{" + connection.getPeerAddress() + (isOpen() ? "" : ", closed") + "}";
  }
}
