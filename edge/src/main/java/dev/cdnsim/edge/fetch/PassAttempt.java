package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.balance.Attempts;
import dev.cdnsim.edge.balance.Outcome;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Selection;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One attempt of a passed request at one replica, on the request's I/O thread: take a connection, send the
 * head (and the body, {@link PassUpload}), wait for the answer's head, stream its body to the client, hand the
 * connection back. One timer of the same thread keeps the pool's first-byte and total timeouts. Its callbacks
 * do nothing once it is no longer the request's current attempt.
 */
final class PassAttempt implements OriginConnections.Connected, ReplicaConnection.Exchange {
  private final PassExchange x;
  private final PoolConfig config;
  final Selection.Chosen chosen;
  final OriginConnections.Target target;
  private final AttemptDeadlines deadlines;
  /** Whether this attempt already replaces one whose keep-alive connection turned out closed. */
  private final boolean staleRetried;
  private ReplicaConnection connection;
  private boolean reused;
  /** The attempt's one timer, armed in its thread's {@link Deadlines}. */
  private final Deadlines.Entry timer = new Deadlines.Entry(this::timedOut);
  private boolean headFlushed;
  private boolean requestDone;
  private int status;
  private long sent;
  private Pump upload;
  private Pump download;
  private StreamSinkChannel response;

  PassAttempt(PassExchange x, Selection.Chosen chosen, OriginConnections.Target target, boolean staleRetried) {
    this.x = x;
    this.config = x.config;
    this.chosen = chosen;
    this.target = target;
    this.staleRetried = staleRetried;
    this.deadlines = new AttemptDeadlines(System.nanoTime(), config.timeouts());
  }

  boolean current() {
    return x.isCurrent(this);
  }

  void connect(boolean fresh) {
    x.pass.counters.originRequest();
    x.pass.connections.acquire(target, x.thread, x.buffers, config.timeouts().connect().toMillis(), fresh, this);
  }

  @Override
  public void connected(ReplicaConnection c, boolean reused) {
    if (!current()) {
      x.pass.connections.release(target, c);   // unused: as good as idle
      return;
    }
    this.connection = c;
    this.reused = reused;
    // One timer for the attempt, set again when it fires early (see timedOut): set once and removed once per request.
    long now = System.nanoTime();
    arm(now, deadlines.firstWait(now));
    x.send(c, target, this);
  }

  @Override
  public void headSent() {
    if (!current()) return;
    headFlushed = true;
    if (!x.hasBody) {
      uploadDone();
      return;
    }
    StreamSinkChannel body;
    try {
      body = connection.requestBody();
    } catch (IOException e) {
      broken(e);
      return;
    }
    new PassUpload(x, this, body).start();
  }

  @Override
  public void answered(ResponseHead head, ConduitStreamSourceChannel body) {
    if (current()) answer(head, body);
  }

  @Override
  public void failed(IOException e) {
    if (current()) broken(e);
  }

  @Override
  public void failed(IOException e, boolean timedOut) {
    if (!current()) return;
    Attempts.Failure f;
    String detail;
    if (timedOut) {
      f = Attempts.Failure.CONNECT_TIMEOUT;
      detail = f.what();
    } else if (causedBy(e, SSLHandshakeException.class)) {
      f = Attempts.Failure.TLS_HANDSHAKE;
      detail = f.what() + ": " + e.getMessage();
    } else {
      f = Attempts.Failure.REFUSED;
      detail = e instanceof ConnectException ? f.what() : "could not be reached: " + e.getMessage();
    }
    x.next(x.attempts.failed(f, detail, true));
  }

  /** The connection broke before the answer's head came. */
  void broken(IOException e) {
    disarm();
    boolean handshaking = target.ssl != null && !reused && !headFlushed;
    abandonConnection();
    if (e instanceof ResponseHead.MalformedException) {
      // As nginx's "upstream sent invalid header": a 502, or another replica (proxy_next_upstream invalid_header).
      String detail = "answered with a malformed head (" + e.getMessage() + ")";
      x.next(x.attempts.failed(Attempts.Failure.BROKEN, detail, x.replayable()));
    } else if (causedBy(e, SSLHandshakeException.class) || handshaking) {
      // Undertow's TLS layer closes the connection on a failed handshake and keeps the reason to itself.
      Attempts.Failure f = Attempts.Failure.TLS_HANDSHAKE;
      String why = causedBy(e, SSLHandshakeException.class) ? rootMessage(e)
          : "the connection closed during it (the replica's certificate not trusted, or ours refused or missing)";
      x.next(x.attempts.failed(f, f.what() + ": " + why, x.replayable()));
    } else if (reused && x.replayable() && !staleRetried) {
      // A keep-alive connection the replica closed as it was taken: the same replica again, on a new one.
      x.again(this);
    } else {
      boolean tls = target.ssl != null;
      x.next(x.attempts.failed(Attempts.Failure.BROKEN, OriginClient.brokenDetail(tls), x.replayable()));
    }
  }

  /** The answer's head came: retry elsewhere (502/503 to an idempotent request), or stream it to the client. */
  private void answer(ResponseHead head, ConduitStreamSourceChannel body) {
    deadlines.answered(System.nanoTime());
    status = head.status();
    Optional<Selection.Chosen> instead = x.attempts.instead(status, x.replayable());
    if (instead.isPresent()) {
      disarm();
      abandonConnection();
      x.next(instead.get());
      return;
    }
    if (status == 101) {
      // Asked for (the connection refuses one that was not): the rest is the tunnel's.
      disarm();
      x.served.sent(0);
      x.switchProtocols(head, chosen, connection, body);
      return;
    }
    if (x.hasBody && !requestDone) {
      // An answer before the whole request went out: the client's connection closes after this exchange (its body
      // read and dropped first, see downloaded), so that no later request on it waits behind the rest.
      x.exchange.setPersistent(false);
    }
    Pump.Events events = new Pump.Events() {
      @Override
      public void read(int n) {
        x.pass.counters.originBytes(n);
        sent += n;
        deadlines.bodyMoved(System.nanoTime());
      }

      @Override
      public void finished() {
        if (current()) downloaded();
      }

      @Override
      public void readFailed(IOException e) {
        if (!current()) return;
        if (response == null) {
          // Before the body's first byte nothing reached the client: another replica, or a 502 that says why.
          disarm();
          abandonConnection();
          String detail = "closed its connection after its answer's head, before its body";
          x.next(x.attempts.failed(Attempts.Failure.BROKEN, detail, x.replayable()));
        } else {
          endAfterCut(Outcome.ofStatus(status));   // the replica broke off mid-body: the client must see a cut
        }
      }

      @Override
      public void writeFailed(IOException e) {
        if (current()) endAfterCut(Outcome.ofStatus(status));   // the client went away
      }
    };
    if (head.framing(x.exchange.getRequestMethod()) == ResponseHead.Framing.LENGTH && head.contentLength() > 0) {
      // A body of declared length: the answer is committed, and its head sent, with the body's first bytes (not
      // alone ahead of them when the replica sends the two apart, as nginx does: a head, then sendfile()).
      download = Pump.openingAtFirstBytes(body, () -> commit(head), x.buffers, events);
    } else {
      download = new Pump(body, commit(head), x.buffers, events);
    }
    download.start();
  }

  /** The answer goes to the client: its status and fields are set and the client's channel taken. */
  private StreamSinkChannel commit(ResponseHead head) {
    x.head(head, chosen);
    response = x.exchange.getResponseChannel();
    return response;
  }

  private void downloaded() {
    disarm();
    x.end();
    x.attempts.end(Outcome.ofStatus(status));
    x.served.sent(sent);
    if (requestDone) {
      x.pass.connections.release(target, connection);
    } else {
      // The replica answered before the whole request went out: this connection can't carry another. The rest of
      // the client's body is read and dropped, as nginx discards it: a client that sends all before it reads
      // would otherwise wait forever, and the exchange ends only once its request has been read.
      if (upload != null) upload.stop();
      connection.close();
      x.discardBody();
    }
    Sinks.end(x.exchange, response);
  }

  /** Ends the attempt with {@code outcome} and cuts both connections: the answer can't be completed. */
  private void endAfterCut(Outcome outcome) {
    disarm();
    x.attempts.end(outcome);
    x.served.sent(sent);
    abandonConnection();
    x.fail(502, "", "");
  }

  /**
   * The attempt's timer ({@link AttemptDeadlines}). Before the answer is committed (before its head, or before the
   * first bytes of a body of declared length), past a deadline: 504. After it, a
   * replica silent mid-body for the first-byte timeout is cut off, and so is the client's copy; while the body
   * waits for the client to take it, the client's write timeout applies instead. Otherwise it fired early and is
   * set again for what is left.
   */
  private void timedOut() {
    if (!current()) return;
    long now = System.nanoTime();
    if (deadlines.isAnswered() && download != null && !download.waitingForSource()) {
      deadlines.bodyMoved(now);   // the client is slow, not the replica
    }
    long left = deadlines.remaining(now);
    if (left > 0) {
      arm(now, left);
      return;
    }
    if (response != null) {
      endAfterCut(Outcome.TIMEOUT);
      return;
    }
    if (!requestDone && upload != null && upload.waitingForSource()) {
      // The client stopped sending its body, not the replica answering: 408 as nginx's client_body_timeout answers.
      clientFailed(408, "the request body did not arrive whole within " + config.timeouts().total().toMillis() + " ms",
          "detail=client-body-timeout");
      return;
    }
    x.attempts.end(Outcome.TIMEOUT);
    abandonConnection();
    long ms = Math.min(config.timeouts().firstByte().toMillis(), config.timeouts().total().toMillis());
    String what = deadlines.isAnswered() ? "origin sent its answer's head but no body within "
        : "origin did not answer within ";
    x.fail(504, what + ms + " ms", "detail=origin-timeout");
  }

  void uploading(Pump p) {
    this.upload = p;
  }

  /** The whole request went out: the replica has the first-byte timeout to answer (within the total one). */
  void uploadDone() {
    requestDone = true;
    long now = System.nanoTime();
    deadlines.requestSent(now);
    // After a long upload the timer waits for the total deadline: bring it forward.
    long left = deadlines.remaining(now);
    if (!deadlines.isAnswered() && current() && timer.armed() && timer.at() - now > left) {
      arm(now, left);
    }
  }

  /** Sending the body failed: on the client's side ({@code clientSide}) or the replica's. */
  void uploadFailed(IOException e, boolean clientSide) {
    if (!current() || deadlines.isAnswered()) {
      // Over, or the replica answered already (and may have stopped reading): the answer still goes out.
      return;
    }
    if (clientSide) {
      // The client's body broke off or broke the rules (a malformed chunk). A 400 says why to a client still
      // listening; one that went away makes the write fail, which closes the connection.
      clientFailed(400, "the request body was cut short or malformed", "detail=bad-request-body");
      return;
    }
    // The replica stopped taking the body. If it answered first (a 413 before closing), that answer is the client's,
    // and nothing failed; only without one is the connection broken.
    connection.readNow();
    if (current() && !deadlines.isAnswered()) broken(e);
  }

  /**
   * The client, not the replica, failed the request (its body stalled or broke): nothing counts against the replica
   * (a client must not get a healthy replica ejected), the client's connection closes after the answer saying why.
   */
  private void clientFailed(int status, String reason, String params) {
    disarm();
    x.attempts.end(Outcome.ABANDONED);
    abandonConnection();
    x.exchange.setPersistent(false);
    x.fail(status, reason, params);
  }

  private void abandonConnection() {
    if (upload != null) upload.stop();
    if (download != null) download.stop();
    if (connection != null) connection.close();
  }

  private void arm(long now, long nanos) {
    x.deadlines.arm(timer, now + nanos);
  }

  private void disarm() {
    x.deadlines.disarm(timer);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) if (kind.isInstance(t)) return true;
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "PassAttempt{" + chosen.replica().id() + (deadlines.isAnswered() ? ", answered " + status : "") + "}";
  }
}
