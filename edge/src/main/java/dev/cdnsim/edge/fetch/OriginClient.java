package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.balance.LoadBalancer;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.observe.EdgeCounters;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sends requests to origin replicas over pooled HTTP/1.1 keep-alive connections, blocking the calling
 * (virtual) thread. Replicas come from the balancer in order; a replica that refuses the connection or
 * does not accept it in time is skipped for the next (nothing was sent, so even a POST may be retried).
 */
public final class OriginClient implements AutoCloseable {
  /** Fields java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final LoadBalancer balancer;
  private final Duration timeout;
  private final EdgeCounters counters;
  private final Clock clock;
  private final HttpClient http;

  public OriginClient(LoadBalancer balancer, Duration timeout, EdgeCounters counters, Clock clock) {
    this.balancer = requireNonNull(balancer, "balancer");
    this.timeout = requireNonNull(timeout, "timeout");
    this.counters = requireNonNull(counters, "counters");
    this.clock = requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Sends {@code request} to the first replica that accepts a connection.
   *
   * @throws ConnectException             no replica accepted a connection (the edge answers 502)
   * @throws java.net.http.HttpTimeoutException the chosen replica did not answer in time (504)
   */
  OriginResponse send(OriginRequest request) throws IOException, InterruptedException {
    IOException last = null;
    for (Replica replica : balancer.select(request.balanceKey())) {
      HttpRequest.Builder b = HttpRequest.newBuilder(replica.resolve(request.pathAndQuery()))
          .timeout(timeout)
          .method(request.method(), request.body().length == 0
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
      for (HeaderList.Field f : request.headers().fields()) {
        if (RESTRICTED.contains(f.name().toString().toLowerCase(Locale.ROOT))) continue;
        try {
          b.header(f.name().toString(), f.value());
        } catch (IllegalArgumentException invalid) {
          // A field java.net.http will not send (bad characters): the origin never needed it.
        }
      }
      Instant requestTime = clock.instant();
      counters.originRequest();
      try {
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        Instant responseTime = clock.instant();
        InputStream counted = new CountingInputStream(r.body(), counters);
        return new OriginResponse(r.statusCode(), HopByHop.strip(headers(r.headers())), counted,
            r.headers().firstValueAsLong("content-length"), requestTime, responseTime);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        last = e;
      }
    }
    throw last instanceof ConnectException ce ? ce
        : new ConnectException("no origin replica accepted a connection: " + last.getMessage());
  }

  private static HeaderList headers(HttpHeaders headers) {
    List<HeaderList.Field> fields = new ArrayList<>();
    headers.map().forEach((name, values) -> {
      if (name.startsWith(":")) return;
      HttpString n = new HttpString(name);
      for (String v : values) fields.add(new HeaderList.Field(n, v));
    });
    return new HeaderList(fields);
  }

  @Override
  public void close() {
    http.shutdownNow();
    http.close();
  }

  @Override
  public String toString() {
    return "OriginClient{" + balancer + ", timeout " + timeout + "}";
  }
}
