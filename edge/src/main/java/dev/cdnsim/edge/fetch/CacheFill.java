package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.cache.EdgeDirectives;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.cache.Storability;
import dev.cdnsim.edge.cache.StoredBody;
import dev.cdnsim.edge.cache.Vary;
import dev.cdnsim.edge.observe.CacheStatus;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fills the cache for one key: fetches (or conditionally revalidates a stored response), stores what a
 * shared cache may store, freshens on 304, and falls back to stale-if-error. Origin failures are results
 * ({@link Fill.Fail}), not exceptions.
 */
final class CacheFill {
  private final OriginClient client;
  private final ResponseCache cache;
  private final Clock clock;
  private final long maxObjectBytes;
  private final Duration heuristicCap;
  private final Duration timeout;

  CacheFill(OriginClient client, ResponseCache cache, Clock clock, long maxObjectBytes, Duration heuristicCap,
      Duration timeout) {
    this.client = requireNonNull(client, "client");
    this.cache = requireNonNull(cache, "cache");
    this.clock = requireNonNull(clock, "clock");
    this.maxObjectBytes = maxObjectBytes;
    this.heuristicCap = requireNonNull(heuristicCap, "heuristicCap");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /**
   * Fetches {@code plan.key()} with {@code headers} (the client's, without its conditionals), adding the
   * stored response's validators when the plan is VALIDATE; {@code request} supplies the Vary'd values.
   */
  Fill fill(CachePlan plan, HeaderList headers, HeaderMap request) throws InterruptedException {
    Optional<CachedResponse> stored = plan.stored();
    String fwd = "fwd=" + plan.reason();
    HeaderList sent = stored.map(s -> withValidators(headers, s)).orElse(headers);
    OriginResponse r;
    try {
      r = client.send(new OriginRequest("GET", plan.key().pathAndQuery(), plan.key().url(), sent, new byte[0]));
    } catch (HttpTimeoutException e) {
      return failed(stored, 504, "origin did not answer within " + timeout.toMillis() + " ms", fwd);
    } catch (ConnectException e) {
      return failed(stored, 502, reason(e), fwd);   // the pool's text: "origin unreachable: ..." or "origin failed: ..."
    } catch (IOException e) {
      return failed(stored, 502, "origin unreachable: " + reason(e), fwd);
    }
    boolean handedOver = false;
    try {
      String params = fwd + "; fwd-status=" + r.status();
      if (r.status() == 304 && stored.isPresent()) {
        CachedResponse fresh = stored.get().freshened(r.headers(), r.requestTime(), r.responseTime(), heuristicCap);
        cache.store(plan.key(), fresh);
        return new Fill.Serve(fresh, CacheStatus.REVALIDATED, params + "; stored", true);
      }
      if (r.status() >= 500 && stored.isPresent() && stored.get().freshness().allowsStaleIfError(clock.instant())) {
        return new Fill.Serve(stored.get(), CacheStatus.STALE, params + "; detail=stale-if-error", false);
      }
      Storability verdict = Storability.of("GET", plan.requestCc(), false, r.status(), r.headers(), EdgeDirectives.of(r.headers()));
      long declared = r.contentLength().orElse(-1);
      if (!verdict.storable() || declared > maxObjectBytes) {
        handedOver = true;
        return new Fill.Stream(r, new byte[0], 0, params + "; detail=" + (verdict.storable() ? "too-big" : verdict.reason()));
      }
      Body read = readUpTo(r, declared >= 0 ? declared : maxObjectBytes + 1);
      if (read.truncated()) return failed(stored, 502, "origin closed the connection mid-body", fwd);
      if (declared < 0 && read.length() > maxObjectBytes) {
        handedOver = true;
        return new Fill.Stream(r, read.bytes(), read.length(), params + "; detail=too-big");
      }
      StoredBody body = cache.bodies().store(read.bytes(), read.length());
      CachedResponse response = CachedResponse.of(r.status(), r.headers(), body,
          Vary.select(Vary.names(r.headers().joined(Headers.VARY).orElse(null)), request),
          r.requestTime(), r.responseTime(), heuristicCap);
      cache.store(plan.key(), response);
      return new Fill.Serve(response, CacheStatus.MISS, params + "; stored", true, true);
    } catch (IOException e) {
      return failed(stored, 502, "origin body failed: " + e.getClass().getSimpleName(), fwd);
    } finally {
      if (!handedOver) r.close();
    }
  }

  /** Body bytes read: {@code bytes[0..length)}; truncated when a declared length was cut short. */
  private record Body(byte[] bytes, int length, boolean truncated) {}

  private static Body readUpTo(OriginResponse r, long limit) throws IOException {
    byte[] buf = new byte[(int) Math.min(limit, 64 * 1024)];
    int n = 0;
    while (n < limit) {
      if (n == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(limit, buf.length * 2L));
      int read = r.body().read(buf, n, buf.length - n);
      if (read < 0) break;
      n += read;
    }
    return new Body(buf, n, r.contentLength().isPresent() && n < limit);
  }

  private Fill failed(Optional<CachedResponse> stored, int status, String reason, String fwd) {
    if (stored.isPresent() && stored.get().freshness().allowsStaleIfError(clock.instant())) {
      return new Fill.Serve(stored.get(), CacheStatus.STALE, fwd + "; detail=stale-if-error", false);
    }
    return new Fill.Fail(status, reason, fwd + "; detail=" + (status == 504 ? "origin-timeout" : "origin-error"));
  }

  private static HeaderList withValidators(HeaderList headers, CachedResponse stored) {
    List<HeaderList.Field> fields = new ArrayList<>(headers.fields());
    stored.etag().ifPresent(e -> fields.add(new HeaderList.Field(Headers.IF_NONE_MATCH, e)));
    stored.lastModified().ifPresent(lm -> fields.add(new HeaderList.Field(Headers.IF_MODIFIED_SINCE, lm)));
    return new HeaderList(fields);
  }

  /** The exception's own message when it has one (a pool says which replicas are out and why), else its kind. */
  private static String reason(IOException e) {
    return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
  }
}
