package dev.cdnsim.topology.traffic;

import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.topology.latency.RequestLatency;
import dev.cdnsim.topology.run.Topology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One simulated user: from its own source address it resolves the service name through the geo-DNS and
 * fetches Zipf-popular objects from the edge it was given, at a steady pace, until told to stop or until its
 * request budget is spent.
 */
final class SimulatedUser implements Runnable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private final EdgeResolver resolver;
  private final HttpClient http;
  private final Function<InetAddress, Optional<InetSocketAddress>> edgeAt;
  private final ObjectChooser objects;
  private final RequestLatency latency;
  private final Function<InetAddress, GeoPoint> edgeLocation;
  private final SplittableRandom random;
  private final long intervalNanos;
  private final long budget;
  private final RegionTraffic traffic;
  private final BooleanSupplier running;
  /** So that an edge's access log tells simulated users from a curl: "cdnsim-user (seoul)". */
  private final String userAgent;

  SimulatedUser(EdgeResolver resolver, InetAddress source, Function<InetAddress, Optional<InetSocketAddress>> edgeAt,
                Function<InetAddress, GeoPoint> edgeLocation, ObjectChooser objects, RequestLatency latency,
                SplittableRandom random, double requestsPerSecond, long budget, RegionTraffic traffic,
                BooleanSupplier running) {
    this.resolver = resolver;
    this.http = HttpClient.newBuilder().localAddress(source).connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    this.edgeAt = edgeAt;
    this.edgeLocation = edgeLocation;
    this.objects = objects;
    this.latency = latency;
    this.random = random;
    this.intervalNanos = requestsPerSecond > 0 ? (long) (1e9 / requestsPerSecond) : 0;
    this.budget = budget;
    this.traffic = traffic;
    this.running = running;
    this.userAgent = "cdnsim-user (" + traffic.region() + ")";
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    try (http) {
      for (long sent = 0; sent < budget && running.getAsBoolean(); sent++) {
        if (intervalNanos > 0) {
          long now = System.nanoTime();
          // Fall behind by at most a second: a stalled user does not then burst to catch up.
          next = Math.max(next + intervalNanos, now - 1_000_000_000L);
          if (next > now) LockSupport.parkNanos(next - now);
          if (Thread.currentThread().isInterrupted()) return;
        }
        fetch(objects.next(random));
      }
    }
  }

  private void fetch(String path) {
    long start = System.nanoTime();
    try {
      Optional<InetSocketAddress> edge = resolver.edge().flatMap(edgeAt);
      if (edge.isEmpty()) {
        traffic.recordUnreachable(System.nanoTime());
        return;
      }
      URI uri = URI.create("http://" + Topology.hostPort(edge.get()) + path);
      long[] firstByte = {0};
      HttpResponse<byte[]> response = get(http, HttpRequest.newBuilder(uri).header("User-Agent", userAgent),
          REQUEST_TIMEOUT, firstByte);
      if (response.statusCode() >= 500) {
        traffic.recordError(System.nanoTime());
        return;
      }
      boolean hit = response.headers().firstValue("X-Cache").filter(v -> v.startsWith("HIT")).isPresent();
      long measured = firstByte[0] - start;
      traffic.recordResponse(hit, response.body().length,
          latency.viaEdgeNanos(measured, edgeLocation.apply(edge.get().getAddress()), hit), latency.directNanos(measured));
    } catch (IOException e) {
      // Stopped mid-request (the run's end interrupts the users, and dnsjava turns that into an IOException): not
      // the CDN failing, and no failure to count.
      if (Thread.currentThread().isInterrupted()) return;
      resolver.forget(); // the edge may be gone or stuck: ask the DNS again next time
      traffic.recordUnreachable(System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends {@code request} (a GET), the whole answer (body included) within {@code deadline}: java.net.http's request
   * timeout ends at the response head, so an edge that stalls mid-body would otherwise hold this user forever. Sets
   * {@code firstByte[0]} to when the head arrived. A missed deadline cancels the exchange and throws
   * {@link HttpTimeoutException}.
   */
  static HttpResponse<byte[]> get(HttpClient http, HttpRequest.Builder request, Duration deadline, long[] firstByte)
      throws IOException, InterruptedException {
    HttpRequest built = request.timeout(deadline).build();
    CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(built, info -> {
      firstByte[0] = System.nanoTime(); // the body handler is asked for when the head has arrived
      return HttpResponse.BodySubscribers.ofByteArray();
    });
    try {
      return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("no whole answer from " + built.uri() + " within " + deadline.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }
}
