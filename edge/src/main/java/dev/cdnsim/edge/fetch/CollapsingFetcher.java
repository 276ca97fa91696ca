package dev.cdnsim.edge.fetch;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cdnsim.edge.cache.CacheControl;
import dev.cdnsim.edge.cache.CacheKey;
import dev.cdnsim.edge.cache.CachePlan;
import dev.cdnsim.edge.cache.CacheStrategy;
import dev.cdnsim.edge.cache.CachedResponse;
import dev.cdnsim.edge.cache.HeaderList;
import dev.cdnsim.edge.cache.Lookup;
import dev.cdnsim.edge.cache.ResponseCache;
import dev.cdnsim.edge.cache.Revalidator;
import dev.cdnsim.edge.observe.CacheStatus;
import io.undertow.util.HeaderMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Collapses concurrent misses: one fill per key is in flight; requests arriving meanwhile wait (at most
 * {@code maxWait}) and are then served the stored response. When the response turns out not shareable,
 * waiters go to the origin on their own and the key is remembered as hit-for-miss for a while, so later
 * requests skip the wait (Varnish's hit-for-miss). Also runs stale-while-revalidate's background fills.
 */
public final class CollapsingFetcher implements Revalidator {
  private final ConcurrentHashMap<CacheKey, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Cache<CacheKey, String> hitForMiss;
  private final CacheFill fill;
  private final ResponseCache cache;
  private final ProxyHeaders proxyHeaders;
  private final Clock clock;
  private final Duration maxWait;
  private final Executor background;

  /** A fetcher filling {@code cache} through {@code client}; background revalidations run on {@code background}. */
  public CollapsingFetcher(OriginClient client, ResponseCache cache, FetchConfig config, Clock clock, Executor background) {
    this.cache = requireNonNull(cache, "cache");
    this.clock = requireNonNull(clock, "clock");
    this.fill = new CacheFill(client, cache, clock, config.maxObjectBytes(), config.heuristicCap(), config.originTimeout());
    this.proxyHeaders = new ProxyHeaders(config.via());
    this.maxWait = config.collapseWait();
    this.background = requireNonNull(background, "background");
    Duration hitForMissTtl = config.hitForMissTtl();
    this.hitForMiss = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(hitForMissTtl)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run)
        .build();
  }

  /** Requests waiting for the fill of another request for the same key (a gauge). */
  public int waiting() {
    return waiting.get();
  }

  /**
   * Whether {@code key}'s answer was lately not stored (too big, or not shareable: hit-for-miss): a range request for
   * it then goes to the origin as it came, as the edge would not keep the whole object it fetches to fill.
   */
  boolean notStored(CacheKey key) {
    return hitForMiss.getIfPresent(key) != null;
  }

  /** Fills (or joins the fill of) {@code plan.key()} and says what to answer this request with. */
  Fill fetch(CachePlan plan, Supplier<HeaderList> headers, HeaderMap request) throws InterruptedException {
    CacheKey key = plan.key();
    if (hitForMiss.getIfPresent(key) != null) return fillAndLearn(plan, headers.get(), request);
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      Optional<Fill> shared = await(leader, plan, request, clock.instant());
      return shared.isPresent() ? shared.get() : fillAndLearn(plan, headers.get(), request);
    }
    Outcome outcome = new Outcome.NotShared();
    try {
      // The lookup ran before this request became the leader: a fill that ended in between has stored it.
      CacheStrategy now = CacheStrategy.decide(plan.requestCc(), cache.lookup(key, request), clock.instant());
      if (now.action() == CacheStrategy.Action.SERVE_FRESH) {
        outcome = new Outcome.Stored();
        return new Fill.Serve(now.stored().get(), CacheStatus.HIT, "hit; detail=collapsed", false);
      }
      Fill f = fillAndLearn(plan, headers.get(), request);
      outcome = Outcome.of(f);
      return f;
    } finally {
      inFlight.remove(key, mine);
      mine.complete(outcome);
    }
  }

  /** Waits for the leader's fill; {@code arrived} is when this request joined it. */
  private Optional<Fill> await(CompletableFuture<Outcome> leader, CachePlan plan, HeaderMap request, Instant arrived)
      throws InterruptedException {
    Outcome outcome;
    waiting.incrementAndGet();
    try {
      outcome = leader.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty(); // waited long enough: fetch on our own
    } finally {
      waiting.decrementAndGet();
    }
    return switch (outcome) {
      case Outcome.Stored s -> {
        Lookup lookup = cache.lookup(plan.key(), request);
        // Received from the origin after this request arrived, it is as good as the answer to our own forward,
        // even when it may not be reused later (no-cache, max-age=0): that is what collapsing is for.
        boolean receivedSince = lookup.response().map(r -> !r.freshness().responseTime().isBefore(arrived)).orElse(false);
        boolean fresh = CacheStrategy.decide(plan.requestCc(), lookup, clock.instant()).action() == CacheStrategy.Action.SERVE_FRESH;
        yield receivedSince || fresh
            ? Optional.of(new Fill.Serve(lookup.response().get(), CacheStatus.HIT, "hit; detail=collapsed", false))
            : Optional.empty();
      }
      case Outcome.NotShared n -> Optional.empty();
      case Outcome.Failed f -> Optional.of(plan.stored().filter(s -> s.freshness().allowsStaleIfError(clock.instant()))
          .<Fill>map(s -> new Fill.Serve(s, CacheStatus.STALE, "fwd=" + plan.reason() + "; collapsed; detail=stale-if-error", false))
          .orElse(new Fill.Fail(f.status(), f.reason(), "fwd=" + plan.reason() + "; collapsed")));
    };
  }

  private Fill fillAndLearn(CachePlan plan, HeaderList headers, HeaderMap request) throws InterruptedException {
    Fill f = fill.fill(plan, headers, request);
    if (f instanceof Fill.Stream s && s.response().status() < 500 && !s.params().contains("detail=request")) {
      hitForMiss.put(plan.key(), s.params().contains("detail=too-big") ? "too-big" : "not-shareable");
    } else if (f instanceof Fill.Serve s && s.stored()) {
      hitForMiss.invalidate(plan.key());
    }
    return f;
  }

  @Override
  public void revalidateInBackground(CacheKey key, HeaderList requestHeaders, CachedResponse stale) {
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    if (inFlight.putIfAbsent(key, mine) != null) return;
    HeaderMap request = new HeaderMap();
    requestHeaders.copyTo(request);
    CachePlan plan = new CachePlan(key, CachePlan.Kind.VALIDATE, Optional.of(stale), "stale", CacheControl.NONE);
    background.execute(() -> {
      Outcome outcome = new Outcome.NotShared();
      try {
        Fill f = fillAndLearn(plan, proxyHeaders.forBackground(requestHeaders), request);
        if (f instanceof Fill.Stream s) s.response().close();
        if (f instanceof Fill.Serve s) s.releaseLease();
        outcome = Outcome.of(f);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        System.getLogger(CollapsingFetcher.class.getName()).log(System.Logger.Level.WARNING,
            "background revalidation of " + key + " failed", e);
      } finally {
        inFlight.remove(key, mine);
        mine.complete(outcome);
      }
    });
  }

  @Override
  public String toString() {
    return "CollapsingFetcher{in flight " + inFlight.size() + ", wait " + maxWait + "}";
  }
}
