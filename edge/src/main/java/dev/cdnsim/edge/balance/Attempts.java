package dev.cdnsim.edge.balance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One request's attempts at the replicas of a pool: the replica to try first and after each failure, within
 * the pool's retry limit and budget, with every chosen replica reported to the pool exactly once. Both origin
 * clients (passed requests on the I/O thread, cache fills on virtual threads) follow its rules:
 *
 * <ul>
 *   <li>a connection refused, not accepted in time, or whose TLS handshake failed: no replica took the request,
 *       so any method may go to another replica;
 *   <li>a connection broken after the request went out, or a 502/503 answer: another replica only for an
 *       idempotent request that can be sent again as it was (not once a streamed body has been read);
 *   <li>no answer within the first-byte timeout: no retry (504).
 * </ul>
 *
 * <p>Not thread-safe: a request's attempts follow one another.
 */
public final class Attempts {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  /** How an attempt failed before an answer came. */
  public enum Failure {
    /** The replica refused the connection. */
    REFUSED("refused the connection"),
    /** The connection was not accepted within the connect timeout. */
    CONNECT_TIMEOUT("did not accept the connection in time"),
    /** The TLS handshake failed: an untrusted certificate, a client certificate refused or missing. */
    TLS_HANDSHAKE("failed the TLS handshake"),
    /** The connection broke after the request (or part of it) went out. */
    BROKEN("closed the connection");

    private final String what;

    Failure(String what) {
      this.what = what;
    }

    /** What the replica did, for the 502's reason ("refused the connection"). */
    public String what() {
      return what;
    }

    /** Whether nothing reached a replica, so that any request may go to another one. */
    boolean beforeSending() {
      return this != BROKEN;
    }
  }

  private final Pool pool;
  private final RequestInfo info;
  private final boolean idempotent;
  private final List<Replica> tried = new ArrayList<>(2);
  private int retriesLeft;
  /** Whether a replica got the request, or part of it, and then failed ({@link Failure#BROKEN}). */
  private boolean reached;
  /** The replica of the attempt in progress, until it is reported. */
  private Replica current;

  public Attempts(Pool pool, RequestInfo info, String method) {
    this.pool = requireNonNull(pool, "pool");
    this.info = requireNonNull(info, "info");
    this.idempotent = IDEMPOTENT.contains(requireNonNull(method, "method"));
    this.retriesLeft = pool.config().retry().maxRetries();
  }

  /** Whether {@code method} may be sent twice with the same effect (RFC 9110 §9.2.2). */
  public static boolean idempotent(String method) {
    return IDEMPOTENT.contains(method);
  }

  /** The replica for the first attempt, or why there is none. */
  public Selection first() {
    if (!tried.isEmpty()) throw new IllegalStateException("first() was called already");
    return track(pool.select(info));
  }

  /**
   * Ends the current attempt, which failed as {@code failure} before an answer came, and chooses the replica for
   * the next one; {@link Selection.Unavailable} says why there is none, naming the replica and {@code detail}.
   *
   * @param detail     what happened, e.g. {@code failure.what()} or "failed the TLS handshake: (reason)"
   * @param replayable whether the request can be sent again as it was (false once a streamed body was read)
   */
  public Selection failed(Failure failure, String detail, boolean replayable) {
    Replica replica = requireCurrent();
    end(Outcome.CONNECT_FAILURE);
    String what = "origin " + replica.id() + " " + detail;
    reached |= !failure.beforeSending();
    boolean allowed = failure.beforeSending() || (idempotent && replayable);
    if (!allowed || retriesLeft <= 0) return new Selection.Unavailable(what, reached);
    retriesLeft--;
    Selection next = pool.selectAnother(info, tried);
    if (next instanceof Selection.Unavailable u) return new Selection.Unavailable(what + "; " + u.reason(), reached);
    return track(next);
  }

  /**
   * For an answer with {@code status} from the current replica: another replica to send the request to instead
   * (a 502 or 503 to an idempotent, replayable request, when the pool allows a retry; the current attempt then
   * ends as {@link Outcome#UNAVAILABLE}), or empty: the answer goes to the client.
   */
  public Optional<Selection.Chosen> instead(int status, boolean replayable) {
    requireCurrent();
    if ((status != 502 && status != 503) || !idempotent || !replayable || retriesLeft <= 0) return Optional.empty();
    Selection next = pool.selectAnother(info, tried);
    if (!(next instanceof Selection.Chosen chosen)) return Optional.empty();
    end(Outcome.UNAVAILABLE);
    retriesLeft--;
    track(chosen);
    return Optional.of(chosen);
  }

  /** Ends the current attempt with {@code outcome}; does nothing when it has ended already. */
  public void end(Outcome outcome) {
    if (current == null) return;
    Replica r = current;
    current = null;
    pool.report(r, outcome);
  }

  /** The replica of the attempt in progress, if it has not ended. */
  public Optional<Replica> current() {
    return Optional.ofNullable(current);
  }

  public boolean idempotent() {
    return idempotent;
  }

  public Pool pool() {
    return pool;
  }

  private Selection track(Selection s) {
    if (s instanceof Selection.Chosen c) {
      current = c.replica();
      tried.add(c.replica());
    }
    return s;
  }

  private Replica requireCurrent() {
    if (current == null) throw new IllegalStateException("no attempt in progress");
    return current;
  }

  @Override
  public String toString() {
    return "Attempts{" + pool.name() + ", tried " + tried + (current == null ? "" : ", at " + current.id()) + "}";
  }
}
