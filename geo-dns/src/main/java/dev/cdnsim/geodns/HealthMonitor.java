package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Probes each edge's health URL on its own virtual thread every interval: a 2xx, body and all, within
 * the timeout is a success, a 429 (Too Many Requests) a success from an edge over capacity, anything
 * else a failure. State changes go to the {@link HealthTable} and then to {@code onChange}.
 */
final class HealthMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());
  private static final int TOO_MANY_REQUESTS = 429;

  private final HealthCheckConfig config;
  private final HealthTable table;
  private final Runnable onChange;
  private final Map<String, URI> urlById = new LinkedHashMap<>();
  private final List<Thread> probers = new ArrayList<>();
  private HttpClient client;

  HealthMonitor(HealthCheckConfig config, List<EdgeSite> edges, HealthTable table,
                Runnable onChange) {
    this.config = requireNonNull(config, "config");
    this.table = requireNonNull(table, "table");
    this.onChange = requireNonNull(onChange, "onChange");
    for (EdgeSite edge : edges) {
      if (edge.healthUrl() != null) {
        urlById.putIfAbsent(edge.id(), edge.healthUrl()); // dual-stack sites share one probe
      }
    }
  }

  synchronized void start() {
    if (urlById.isEmpty()) {
      return;
    }
    client = HttpClient.newBuilder().connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    urlById.forEach((id, url) ->
        probers.add(Thread.ofVirtual().name("geo-dns-health-" + id).start(() -> probe(id, url))));
  }

  private void probe(String id, URI url) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout()).GET().build();
    while (!Thread.currentThread().isInterrupted()) {
      long started = System.nanoTime();
      boolean ok;
      boolean over = false;
      // The request timeout of java.net.http ends at the response head: the whole answer, body included, must come
      // within the timeout here, or an edge that stalls mid-body would hold its probe (and its state) forever.
      CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      try {
        int status = answer.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS).statusCode();
        over = status == TOO_MANY_REQUESTS;
        ok = status >= 200 && status < 300 || over;
      } catch (ExecutionException | TimeoutException e) {
        answer.cancel(true);
        ok = false;
      } catch (InterruptedException e) {
        answer.cancel(true);
        return;
      }
      if (table.capacity(id, over)) {
        LOG.log(Level.INFO, "edge {0} is {1}", id, over ? "over capacity" : "back under capacity");
      }
      if (table.record(id, ok)) {
        LOG.log(Level.INFO, "edge {0} is now {1} ({2})", id, ok ? "healthy" : "unhealthy", url);
        onChange.run();
      }
      long waitNanos = config.interval().toNanos() - (System.nanoTime() - started);
      try {
        if (waitNanos > 0) {
          Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public synchronized void close() {
    probers.forEach(Thread::interrupt);
    for (Thread t : probers) {
      try {
        t.join(config.timeout().toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    probers.clear();
    if (client != null) {
      client.shutdownNow(); // close() would wait for in-flight probes
      client = null;
    }
  }
}
