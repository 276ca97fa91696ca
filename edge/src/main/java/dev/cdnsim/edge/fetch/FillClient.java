package dev.cdnsim.edge.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.ReplicaSocket;
import dev.cdnsim.edge.balance.TimeoutConfig;
import dev.cdnsim.edge.cache.HeaderList;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;

/**
 * The HTTP/1.1 client of cache fills and revalidations: blocking code on the fill's virtual thread, over keep-alive
 * sockets pooled per replica (a virtual thread blocked on a socket costs a parked continuation, not a thread).
 * It replaced {@code java.net.http.HttpClient}, whose selector thread and per-request subscriptions took about 40 %
 * of a miss-heavy edge's CPU. Heads are parsed by {@link ResponseHead}, as passed answers are; bodies end as their
 * framing says ({@link FillBody}), and a connection goes back to the pool only when its body was read to its end.
 */
final class FillClient implements AutoCloseable {
  /** Largest answer head taken; a longer one is a malformed answer (nginx's proxy_buffer_size is 4–8 KiB). */
  static final int MAX_HEAD_BYTES = 64 * 1024;
  /** Idle connections kept per replica; more are closed when they come back. */
  static final int MAX_IDLE = 64;
  /** Request fields this client writes itself, or that belong to the hop to the client. */
  private static final Set<String> OWN = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "keep-alive", "te", "trailer", "transfer-encoding", "proxy-connection");

  private final Map<URI, ConcurrentLinkedDeque<FillConnection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** An answer's status and fields, and its body; the body hands its connection back when read to its end. */
  record Answer(int status, HeaderList headers, InputStream body, long contentLength) {}

  /**
   * Sends {@code method target} with {@code headers} and {@code body} to {@code replica} and reads the answer's head.
   *
   * @throws java.net.ConnectException the replica refused the connection
   * @throws HttpConnectTimeoutException no connection within the connect timeout
   * @throws HttpTimeoutException no answer head within the first-byte timeout
   * @throws ResponseHead.MalformedException the answer's head breaks HTTP/1.1
   * @throws IOException the connection broke (TLS handshake failures as {@link javax.net.ssl.SSLHandshakeException})
   */
  Answer send(Replica replica, Optional<SSLContext> tls, String method, String pathAndQuery, Optional<String> host,
      HeaderList headers, byte[] body, TimeoutConfig timeouts) throws IOException {
    URI target = replica.resolve(pathAndQuery);
    URI base = URI.create(target.getScheme() + "://" + target.getRawAuthority());
    byte[] request = request(method, target, host.orElse(target.getRawAuthority()), headers, body);
    FillConnection c = pooled(base);
    if (c != null) {
      try {
        return exchange(c, method, request, timeouts);
      } catch (StaleConnectionException stale) {
        // The replica closed a kept-alive connection before this request reached it: try once on a new one.
      }
    }
    c = open(base, tls, timeouts.connect());
    try {
      return exchange(c, method, request, timeouts);
    } catch (StaleConnectionException e) {
      throw new IOException("the replica closed the connection without answering", e);
    }
  }

  private Answer exchange(FillConnection c, String method, byte[] request, TimeoutConfig timeouts) throws IOException {
    boolean ok = false;
    try {
      c.out.write(request);
      c.out.flush();
      c.socket.setSoTimeout(ReplicaSocket.millis(timeouts.firstByte()));
      ResponseHead head = c.answers.finalHead(() -> { });
      // The body's reads keep the first-byte timeout: a replica silent that long mid-body is cut off (nginx's
      // proxy_read_timeout), while a body whose bytes keep coming takes as long as the client needs.
      HttpString m = HttpString.tryFromString(method);
      InputStream body = FillBody.of(head.framing(m), head.contentLength(), c::read,
          complete -> finished(c, complete && head.keepsConnection(m)));
      ok = true;
      return new Answer(head.status(), HopByHop.strip(fields(head)), body, head.contentLength());
    } catch (SocketTimeoutException e) {
      throw new HttpTimeoutException("no answer within " + timeouts.firstByte().toMillis() + " ms");
    } catch (ResponseHead.MalformedException | StaleConnectionException e) {
      throw e;
    } catch (IOException e) {
      // A kept-alive connection the replica had closed: the write or the first read fails (EOF, reset, broken pipe)
      // before any byte of an answer. Nothing reached the replica's application, so the request may go again.
      if (c.reused && !c.answers.answered()) throw new StaleConnectionException();
      throw e;
    } finally {
      if (!ok) c.close();
    }
  }

  private static HeaderList fields(ResponseHead head) {
    HeaderList.Field[] fields = new HeaderList.Field[head.size()];
    for (int i = 0; i < fields.length; i++) fields[i] = new HeaderList.Field(head.name(i), head.value(i));
    return new HeaderList(Arrays.asList(fields));
  }

  private void finished(FillConnection c, boolean reusable) {
    if (!reusable || closed) {
      c.close();
      return;
    }
    ConcurrentLinkedDeque<FillConnection> q = idle.computeIfAbsent(c.base, b -> new ConcurrentLinkedDeque<>());
    c.reused = true;
    c.answers.nextAnswer();
    if (q.size() >= MAX_IDLE) c.close();
    else q.push(c);
  }

  private FillConnection pooled(URI base) {
    ConcurrentLinkedDeque<FillConnection> q = idle.get(base);
    if (q == null) return null;
    for (FillConnection c; (c = q.poll()) != null; ) {
      if (c.usable()) return c;
      c.close();
    }
    return null;
  }

  private static FillConnection open(URI base, Optional<SSLContext> tls, Duration connect) throws IOException {
    return new FillConnection(base, ReplicaSocket.open(base, tls, connect));
  }

  private static byte[] request(String method, URI target, String host, HeaderList headers, byte[] body) {
    StringBuilder b = new StringBuilder(256);
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    b.append(method).append(' ').append(path);
    if (target.getRawQuery() != null) b.append('?').append(target.getRawQuery());
    b.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
    for (HeaderList.Field f : headers.fields()) {
      String name = f.name().toString();
      if (OWN.contains(name.toLowerCase(Locale.ROOT)) || !sendable(name, f.value())) continue;
      b.append(name).append(": ").append(f.value()).append("\r\n");
    }
    if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD"))) {
      b.append("Content-Length: ").append(body.length).append("\r\n");
    }
    b.append("\r\n");
    byte[] head = b.toString().getBytes(ISO_8859_1);
    if (body.length == 0) return head;
    byte[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  /** Whether a field can go out as it is: no control characters that would split or end the head. */
  private static boolean sendable(String name, String value) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) return false;
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<FillConnection> q : idle.values()) {
      for (FillConnection c; (c = q.poll()) != null; ) c.close();
    }
  }

  /** A kept-alive connection that turned out closed before any byte of its answer. */
  private static final class StaleConnectionException extends IOException {
    StaleConnectionException() {
      super("stale kept-alive connection");
    }
  }

  /** One socket to a replica, with the bytes read past the last answer's head. */
  static final class FillConnection {
    final URI base;
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    /** The answers' heads, and the bytes read past the last one. */
    final HeadReader answers;
    /** Taken from the pool (it has carried a request before). */
    boolean reused;

    FillConnection(URI base, Socket socket) throws IOException {
      this.base = base;
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
      this.answers = new HeadReader(in, 16 * 1024, MAX_HEAD_BYTES);
    }

    /** Reads the bytes left after the head first, then from the socket. */
    int read(byte[] b, int off, int len) throws IOException {
      return answers.read(b, off, len);
    }

    /** Open, and with nothing unread: bytes waiting before a request was sent belong to no answer of ours. */
    boolean usable() {
      try {
        return !socket.isClosed() && answers.drained() && in.available() == 0;
      } catch (IOException e) {
        return false;
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket we are done with: nothing to do about a failure
      }
    }
  }
}
