package dev.cdnsim.edge;

import static dev.cdnsim.edge.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** X-Cache on every answer agrees with the stats counters (issue 3, item 8). */
class StatsConsistencyIntegrationTest {
  private final EdgeUnderTest t = new EdgeUnderTest();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void everyXCacheValueIsCountedOnceAsAHitOrAMiss() throws Exception {
    t.origin.script(r -> r.header("If-None-Match") != null
        ? Reply.status(304).header("ETag", "\"e\"").header("Cache-Control", "max-age=10, stale-while-revalidate=5")
        : r.target().equals("/private") ? Reply.ok("p").header("Cache-Control", "private")
        : Reply.ok("x").header("Cache-Control", "max-age=10, stale-while-revalidate=5").header("ETag", "\"e\""));
    List<String> seen = new ArrayList<>();
    seen.add(header(t.http.get("/a"), "X-Cache"));                                   // MISS
    seen.add(header(t.http.get("/a"), "X-Cache"));                                   // HIT
    seen.add(header(t.http.get("/a", "Cache-Control", "no-cache"), "X-Cache"));      // REVALIDATED
    t.clock.advance(Duration.ofSeconds(12));
    seen.add(header(t.http.get("/a"), "X-Cache"));                                   // STALE (swr)
    seen.add(header(t.http.send("DELETE", "/a"), "X-Cache"));                        // PASS
    seen.add(header(t.http.get("/private"), "X-Cache"));                             // MISS (not stored)
    seen.add(header(t.http.get("/none", "Cache-Control", "only-if-cached"), "X-Cache")); // ERROR

    EdgeUnderTest.await("every exchange counted", () -> t.edge.stats().requests() == seen.size());
    EdgeStats stats = t.edge.stats();
    long hits = seen.stream().filter(s -> s.equals("HIT") || s.equals("STALE") || s.equals("REVALIDATED")).count();
    assertThat(seen).containsExactly("MISS", "HIT", "REVALIDATED", "STALE", "PASS", "MISS", "ERROR");
    assertThat(stats.hits()).isEqualTo(hits);
    assertThat(stats.misses()).isEqualTo(seen.size() - hits);
    assertThat(t.http.get("/_edge/stats").body())
        .contains("\"xCache\":{\"HIT\":1,\"MISS\":2,\"STALE\":1,\"REVALIDATED\":1,\"PASS\":1,\"ERROR\":1}");
  }

  @Test
  void headMissFetchesAGetAndFillsTheCache() throws Exception {
    t.origin.always(Reply.ok("12345").header("Cache-Control", "max-age=60"));

    var head = t.http.send("HEAD", "/h");

    assertThat(t.origin.takeRequest().method()).isEqualTo("GET");
    assertThat(header(head, "Content-Length")).isEqualTo("5");
    assertThat(head.body()).isEmpty();
    assertThat(header(t.http.get("/h"), "X-Cache")).isEqualTo("HIT");
  }
}
