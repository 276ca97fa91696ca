package dev.cdnsim.edge.admin;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.cache.CacheKey;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.observe.CacheStatus;
import dev.cdnsim.edge.observe.EdgeCounters;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Admin routes: {@code GET /_edge/health} (anyone), and for {@link AdminAccess} holders only (else 403)
 * {@code GET /_edge/stats}, {@code POST /_edge/purge?url=…&prefix=…&tag=…&all=true&soft=true} (URLs may also
 * come one per line in the body; {@code all} purges everything, when hard by starting a fresh cache) and the
 * {@code PURGE} method on any URL (Varnish's convention; soft with {@code Cdnsim-Soft-Purge: 1}). Every other
 * request goes to {@code next}.
 */
public final class AdminHandler implements HttpHandler {
  static final HttpString PURGE = new HttpString("PURGE");
  static final HttpString SOFT_PURGE = new HttpString("Cdnsim-Soft-Purge");
  /** The longest purge body read (a list of URLs, one per line): 1 MiB, some ten thousand URLs. */
  static final int MAX_PURGE_BODY_BYTES = 1 << 20;
  /** The purge endpoint's query parameters; any other is refused. */
  private static final Set<String> PURGE_PARAMETERS = Set.of("url", "prefix", "tag", "all", "soft");
  private static final Set<String> FLAG_VALUES = Set.of("true", "false", "1", "0");

  private final String id;
  private final AdminAccess access;
  private final ResponseCache cache;
  private final EdgeCounters counters;
  private final Clock clock;
  private final Supplier<String> poolsJson;
  private final HttpHandler next;

  /** {@code poolsJson} gives a JSON array of the balancer's pools and their replicas, shown in stats as "pools". */
  public AdminHandler(String id, AdminAccess access, ResponseCache cache, EdgeCounters counters, Clock clock,
      Supplier<String> poolsJson, HttpHandler next) {
    this.poolsJson = requireNonNull(poolsJson, "poolsJson");
    this.id = requireNonNull(id, "id");
    this.access = requireNonNull(access, "access");
    this.cache = requireNonNull(cache, "cache");
    this.counters = requireNonNull(counters, "counters");
    this.clock = requireNonNull(clock, "clock");
    this.next = requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    boolean purgeMethod = exchange.getRequestMethod().equals(PURGE);
    String path = exchange.getRequestPath();
    if (!purgeMethod && !path.startsWith("/_edge/")) {
      next.handleRequest(exchange);
      return;
    }
    if (path.equals("/_edge/health")) {
      respond(exchange, 200, "text/plain", "ok\n");
      return;
    }
    if (!access.allows(exchange)) {
      respond(exchange, 403, "text/plain", "403 admin routes need a loopback client or the admin token\n");
      return;
    }
    if (purgeMethod) {
      boolean soft = "1".equals(exchange.getRequestHeaders().getFirst(SOFT_PURGE));
      int n = cache.purge(CacheKey.of(exchange), soft, clock.instant());
      respond(exchange, 200, "application/json", "{\"purged\":" + n + ",\"soft\":" + soft + "}\n");
    } else if (path.equals("/_edge/stats") && exchange.getRequestMethod().equals(Methods.GET)) {
      respond(exchange, 200, "application/json", statsJson());
    } else if (path.equals("/_edge/purge") && exchange.getRequestMethod().equals(Methods.POST)) {
      exchange.getRequestReceiver().setMaxBufferSize(MAX_PURGE_BODY_BYTES);
      exchange.getRequestReceiver().receiveFullString(this::purge, AdminHandler::unreadable, StandardCharsets.UTF_8);
    } else {
      respond(exchange, 404, "text/plain", "404 no admin route " + path + "\n");
    }
  }

  /** A purge body that is too big (413) or was cut short or broken (400): the client's mistake, said in a line. */
  private static void unreadable(HttpServerExchange exchange, IOException e) {
    exchange.setPersistent(false);
    if (exchange.isResponseStarted()) return;
    if (e instanceof Receiver.RequestToLargeException) {
      respond(exchange, 413, "text/plain", "413 a purge body holds at most " + MAX_PURGE_BODY_BYTES + " bytes\n");
    } else {
      respond(exchange, 400, "text/plain", "400 the purge body was cut short or malformed\n");
    }
  }

  /**
   * Purges what the query and body name. Nothing is purged unless all of it is understood: an unknown parameter, a
   * flag that is not true or false or a URL that is none gets a 400 (a typo must not purge everything, or nothing,
   * quietly).
   */
  private void purge(HttpServerExchange exchange, String body) {
    String problem = purgeProblem(exchange);
    List<String> urls = new ArrayList<>(all(exchange, "url"));
    for (String line : body.split("\\R")) if (!line.isBlank()) urls.add(line.trim());
    List<CacheKey> keys = new ArrayList<>();
    for (String url : urls) {
      if (problem != null) break;
      // A path is this request's host's; anything else must be a whole URL.
      Optional<CacheKey> key = url.startsWith("/")
          ? Optional.of(new CacheKey(exchange.getRequestScheme(), CacheKey.of(exchange).host(), url))
          : CacheKey.ofUrl(url);
      if (key.isEmpty()) problem = "not a URL: " + url;
      else keys.add(key.get());
    }
    if (problem != null) {
      respond(exchange, 400, "text/plain", "400 " + problem.replaceAll("[\\r\\n]", "") + "\n");
      return;
    }
    boolean soft = flag(exchange, "soft");
    var now = clock.instant();
    int purged = 0;
    for (CacheKey key : keys) purged += cache.purge(key, soft, now);
    for (String prefix : all(exchange, "prefix")) purged += cache.purgePrefix(prefix, soft, now);
    for (String tag : all(exchange, "tag")) purged += cache.purgeTag(tag, soft, now);
    if (flag(exchange, "all")) purged += cache.purgeAll(soft, now);
    respond(exchange, 200, "application/json", "{\"purged\":" + purged + ",\"soft\":" + soft + "}\n");
  }

  /** What the purge's query gets wrong, in a few words, or null. */
  private static String purgeProblem(HttpServerExchange exchange) {
    for (String name : exchange.getQueryParameters().keySet()) {
      if (!PURGE_PARAMETERS.contains(name)) return "unknown parameter " + name + " (url, prefix, tag, all, soft)";
    }
    for (String name : List.of("soft", "all")) {
      for (String value : all(exchange, name)) {
        if (!FLAG_VALUES.contains(value)) return name + " is true or false, not " + value;
      }
    }
    return null;
  }

  private String statsJson() {
    EdgeStats s = counters.snapshot();
    return String.format(Locale.ROOT, "{\"id\":\"%s\",\"requests\":%d,\"hits\":%d,\"misses\":%d,\"hitRatio\":%.4f,"
            + "\"bytesServed\":%d,\"originRequests\":%d,\"originBytes\":%d,\"cacheBytes\":%d,\"cacheEntries\":%d,"
            + "\"cacheSharedFields\":%d,\"bodyPageBytes\":%d,\"bodyPageSlabBytes\":%d,\"bodyFiles\":%d,"
            + "\"bodyFileBytes\":%d,\"xCache\":%s,\"pools\":%s}\n",
        id.replace("\"", "\\\""), s.requests(), s.hits(), s.misses(), s.hitRatio(), s.bytesServed(), s.originRequests(),
        s.originBytes(), cache.weightedSize(), cache.size(), cache.sharedFieldCount(), cache.bodies().pageBytes(),
        cache.bodies().pageSlabBytes(), cache.bodies().openFiles(), cache.bodies().fileBytes(), byStatusJson(),
        poolsJson.get());
  }

  /** Requests per X-Cache value, e.g. {"HIT":3,"MISS":1,…}: hits are HIT+STALE+REVALIDATED, misses the rest. */
  private String byStatusJson() {
    StringBuilder json = new StringBuilder("{");
    for (CacheStatus status : CacheStatus.values()) {
      if (json.length() > 1) json.append(',');
      json.append('"').append(status.name()).append("\":").append(counters.count(status));
    }
    return json.append('}').toString();
  }

  private static List<String> all(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  /** Whether the query parameter {@code name} is {@code true} or {@code 1} (checked by {@link #purgeProblem}). */
  private static boolean flag(HttpServerExchange exchange, String name) {
    return all(exchange, name).stream().findFirst().map(v -> v.equals("true") || v.equals("1")).orElse(false);
  }

  private static void respond(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }

  @Override
  public String toString() {
    return "AdminHandler(" + access + ") -> " + next;
  }
}
