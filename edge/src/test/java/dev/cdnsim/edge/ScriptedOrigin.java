package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.fail;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test origin whose replies each test scripts, recording every request (MockWebServer's idea):
 * {@link #takeRequest()} waits for the next one. Replies carry a {@code Date} from the given clock.
 */
public final class ScriptedOrigin implements AutoCloseable {

  /** A request as the origin saw it. */
  public record RecordedRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : String.join(", ", v);
    }
  }

  /** A scripted reply; {@code gate}, when set, holds the reply until it is counted down. */
  public record Reply(int status, List<String[]> headers, byte[] body, CountDownLatch gate) {
    public static Reply ok(String body) {
      return new Reply(200, List.of(), body.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Reply status(int status) {
      return new Reply(status, List.of(), new byte[0], null);
    }

    public Reply header(String name, String value) {
      List<String[]> h = new ArrayList<>(headers);
      h.add(new String[] {name, value});
      return new Reply(status, h, body, gate);
    }

    public Reply body(byte[] bytes) {
      return new Reply(status, headers, bytes, gate);
    }

    public Reply gatedBy(CountDownLatch latch) {
      return new Reply(status, headers, body, latch);
    }
  }

  private final Clock clock;
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<RecordedRequest, Reply> script = r -> Reply.ok("default");
  private Undertow server;
  private int port;

  public ScriptedOrigin(Clock clock) {
    this.clock = clock;
  }

  public ScriptedOrigin start() {
    server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        .setWorkerThreads(256)
        .setHandler(new BlockingHandler(this::handle))
        .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return this;
  }

  /** Every request is answered by {@code script} from now on. */
  public ScriptedOrigin script(Function<RecordedRequest, Reply> script) {
    this.script = script;
    return this;
  }

  /** Every request gets {@code reply}. */
  public ScriptedOrigin always(Reply reply) {
    return script(r -> reply);
  }

  private void handle(HttpServerExchange exchange) throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), List.copyOf(values));
    }
    String query = exchange.getQueryString();
    byte[] body = exchange.getInputStream().readAllBytes();
    RecordedRequest recorded = new RecordedRequest(exchange.getRequestMethod().toString(),
        exchange.getRequestURI() + (query.isEmpty() ? "" : "?" + query), headers, body);
    count.incrementAndGet();
    requests.add(recorded);
    Reply reply = script.apply(recorded);
    if (reply.gate() != null) reply.gate().await(10, TimeUnit.SECONDS);
    exchange.setStatusCode(reply.status());
    exchange.getResponseHeaders().put(Headers.DATE, DateUtils.toDateString(Date.from(clock.instant())));
    for (String[] h : reply.headers()) exchange.getResponseHeaders().add(new HttpString(h[0]), h[1]);
    if (!exchange.getRequestMethod().toString().equals("HEAD") && reply.status() != 304 && reply.status() != 204) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, reply.body().length);
      exchange.getOutputStream().write(reply.body());
    }
  }

  /** The next request the origin received, waiting up to 10 s for it. */
  public RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest r = requests.poll(10, TimeUnit.SECONDS);
    if (r == null) fail("the origin received no request within 10 s");
    return r;
  }

  /** How many requests the origin received so far. */
  public int requestCount() {
    return count.get();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    if (server != null) server.stop();
  }
}
