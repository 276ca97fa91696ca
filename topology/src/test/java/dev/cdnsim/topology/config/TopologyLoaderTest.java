package dev.cdnsim.topology.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
  private final TopologyLoader loader = new TopologyLoader();

  @Test
  void theEmbeddedDefaultHasTheDocumentedNodesAndAddresses() {
    TopologyPlan plan = loader.loadDefault();
    assertThat(plan.dns().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8053));
    assertThat(plan.dns().zone()).isEqualTo("cdn.test.");
    assertThat(plan.dns().serviceName()).isEqualTo("www.cdn.test.");
    assertThat(plan.edges()).extracting(e -> e.id() + "@" + e.listen().getAddress().getHostAddress() + ":" + e.listen().getPort())
        .containsExactly("seoul@127.0.1.1:8080", "london@127.0.2.1:8080", "sao-paulo@127.0.3.1:8080");
    assertThat(plan.origins()).extracting(o -> o.listen().getAddress().getHostAddress() + ":" + o.listen().getPort())
        .containsExactly("127.0.10.1:8081", "127.0.10.2:8081");
    assertThat(plan.regions()).extracting(r -> r.id() + " " + r.clients() + " " + r.ecs())
        .containsExactly("seoul 127.101.0.0/16 [203.0.113.0/24]", "london 127.102.0.0/16 [198.51.100.0/24]",
            "sao-paulo 127.103.0.0/16 [192.0.2.0/24]");
    assertThat(plan.catalog().cacheControl()).isEqualTo("public, max-age=300");
  }

  @Test
  void reportsEveryProblemAtOnceWithFileAndJsonPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topology.json");
    Files.writeString(file, """
        {"dns": {"listen": "127.0.0.1:99999", "zone": "cdn.test.", "name": "www"},
         "origins": [{"id": "o1", "listen": "127.0.10.1:8081", "location": {"lat": 1, "lon": 2}}],
         "edges": [{"id": "a", "listen": "127.0.1.1:8080", "location": {"lat": 1, "lon": 2}},
                   {"id": "a", "listen": "localhost:8080", "location": {"lat": 1, "lon": 2}},
                   {"id": "c", "listen": "127.0.3.1:8080", "location": {"lat": 91, "lon": 2}, "cache": {"maxBytes": "lots"}}],
         "regions": [{"id": "r", "clients": "127.101.0.0/33", "location": {"lat": 1}}]}
        """);
    assertThatThrownBy(() -> loader.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactlyInAnyOrder(
            file + ": $.dns.listen: port must be 0-65535, was 99999",
            file + ": $.edges[1].id: \"a\" is used twice",
            file + ": $.edges[1].listen: must be an IP address and port, was \"localhost:8080\"",
            file + ": $.edges[2].location.lat: must be between -90 and 90, was 91",
            file + ": $.edges[2].cache.maxBytes: not an amount of bytes: 'lots' (e.g. 64MiB)",
            file + ": $.regions[0].clients: prefix length must be 0..32, was 33",
            file + ": $.regions[0].location.lon: is required"));
  }

  @Test
  void anUnknownFieldIsATypoWithItsPath() {
    byte[] json = """
        {"dns": {"listen": "127.0.0.1:8053", "zone": "cdn.test.", "name": "www", "tll": 30}}
        """.getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).singleElement().asString().startsWith("t.json: $.dns.tll: unknown field \"tll\";"
            + " the fields here are ").contains("listen", "ttl", "zone"));
  }

  @Test
  void aValueOfTheWrongKindSaysWhatWasWantedAndFound() {
    assertThat(problem("{\"edges\": [{\"id\": \"a\", \"cache\": \"lots\"}]}"))
        .isEqualTo("t.json: $.edges[0].cache: expected an object {...}, found 'lots'");
    assertThat(problem("{\"edges\": {\"a\": 1}}")).isEqualTo("t.json: $.edges: expected a list [...], found an object");
    assertThat(problem("{\"edges\": [{\"id\": \"a\", \"location\": {\"lat\": \"north\"}}]}"))
        .isEqualTo("t.json: $.edges[0].location.lat: expected a number, found 'north'");
    assertThat(problem("{\"dns\": {\n  \"zone\": \"cdn.test.\"\n"))
        .isEqualTo("t.json: line 3, column 1: Unexpected end-of-input: expected close marker for Object (opened at"
            + " line 1, column 9)");
  }

  private String problem(String json) {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> loader.parse("t.json", json.getBytes(UTF_8)));
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    assertThatThrownBy(() -> loader.parse("t.json", "{\"dns\": {\n  \"zone\": }".getBytes(UTF_8)))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().asString().startsWith("t.json: line 2, column"));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.json"))).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly(dir.resolve("nope.json") + ": no such file"));
  }

  @Test
  void theServiceNameMustLieInTheZone() {
    byte[] json = new String(readDefault(), UTF_8).replace("\"name\": \"www\"", "\"name\": \"www.example.org.\"")
        .getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly("t.json: $.dns.name: must lie inside the zone cdn.test."));
  }

  @Test
  void userBlocksMustBeLoopbackSoUsersCanBindThem() {
    byte[] json = new String(readDefault(), UTF_8).replace("127.101.0.0/16", "203.0.113.0/24").getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).singleElement().asString().startsWith("t.json: $.regions[0].clients: must be a loopback block"));
  }

  @Test
  void theDefaultBalancingPassesTheApiWithAffinityAndHashesCachedObjects() {
    TopologyPlan.Balancing balancing = loader.loadDefault().balancing();
    assertThat(balancing.routes()).extracting(r -> r.pathPrefix() + " " + (r.cache() ? "cache" : "pass") + " "
        + r.algorithm().configName() + " " + r.affinity())
        .containsExactly("/api/ pass least-connections COOKIE", "/ cache consistent-hash NONE");
    assertThat(balancing.health().interval()).isEqualTo(java.time.Duration.ofSeconds(1));
    assertThat(balancing.health().fall()).isEqualTo(2);
  }

  @Test
  void aRouteMaySetTheHostItsPassedRequestsCarry() throws Exception {
    byte[] json = new String(readDefault(), UTF_8).replace("\"affinity\": \"cookie\"",
        "\"affinity\": \"cookie\", \"host\": \"api.internal:8080\"").getBytes(UTF_8);
    TopologyPlan.Balancing balancing = loader.parse("t.json", json).balancing();
    assertThat(balancing.routes()).extracting(TopologyPlan.Route::host)
        .containsExactly(java.util.Optional.of("api.internal:8080"), java.util.Optional.empty());

    byte[] bad = new String(readDefault(), UTF_8).replace("\"affinity\": \"cookie\"",
        "\"affinity\": \"cookie\", \"host\": \"api internal\"").getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", bad)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly("t.json: $.balancing.routes[0].host: must be a host name or address"
            + " with an optional port, was \"api internal\""));
  }

  @Test
  void numbersOutOfRangeAreProblemsWithTheirPathsEvenWhereAPartWouldRefuseThem() {
    String topology = new String(readDefault(), UTF_8);
    byte[] json = topology.replace("\"objects\": 10000", "\"objects\": -1").replace("\"sigma\": 1.0", "\"sigma\": -2")
        .replaceFirst("\"fall\": 2", "\"fall\": 0").replace("\"path\": \"/static/\"", "\"path\": \"/objects/\"")
        .getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "t.json: $.dns.health.fall: must be between 1 and 100, was 0",
            "t.json: $.catalog.objects: must be between 1 and 100000000, was -1",
            "t.json: $.catalog.sizes.sigma: must be between 0 and 5, was -2",
            "t.json: $.catalog.classes[1].path: \"/objects/\" is listed twice"));
  }

  @Test
  void badBalancingIsReportedWithItsPath() {
    byte[] json = new String(readDefault(), UTF_8).replace("\"least-connections\"", "\"fastest\"")
        .replace("\"affinity\": \"cookie\"", "\"affinity\": \"magic\"").getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).hasSize(2)
            .anyMatch(p -> p.startsWith("t.json: $.balancing.routes[0].algorithm: unknown balancing algorithm fastest"))
            .contains("t.json: $.balancing.routes[0].affinity: must be none, cookie or source-ip, was \"magic\""));
  }

  @Test
  void theDefaultCatalogHasStaticNewsAndChangingObjects() {
    TopologyPlan plan = loader.loadDefault();
    assertThat(plan.catalog().classes()).extracting(c -> c.prefix() + " " + c.cacheControl()).containsExactly(
        "/objects/ public, max-age=300", "/static/ public, max-age=86400, immutable",
        "/news/ public, max-age=5, stale-while-revalidate=30");
    assertThat(plan.classShares()).containsExactly(0.85, 0.10, 0.05);
    assertThat(plan.catalog().changeInterval()).isEqualTo(java.time.Duration.ofMinutes(10));
  }

  @Test
  void classSharesMustAddUpAndPathsMustBeUsable() {
    byte[] json = new String(readDefault(), UTF_8).replace("\"share\": 0.05", "\"share\": 0.5")
        .replace("\"/news/\"", "\"/api/\"").getBytes(UTF_8);
    assertThatThrownBy(() -> loader.parse("t.json", json)).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "t.json: $.catalog.classes[2].path: prefix /api/ is taken by the origin's own routes",
            "t.json: $.catalog.classes: the shares must add up to 1, they add up to 1.45"));
  }

  @Test
  void aRegionMayHaveARateOfItsOwn() {
    byte[] json = new String(readDefault(), UTF_8).replace("\"weight\": 2}", "\"weight\": 2, \"requestsPerSecond\": 50}")
        .getBytes(UTF_8);
    TopologyPlan plan = assertDoesNotThrowParse(json);
    assertThat(plan.regions()).extracting(TopologyPlan.Region::requestsPerSecond).containsExactly(0.0, 0.0, 50.0);
  }

  private TopologyPlan assertDoesNotThrowParse(byte[] json) {
    try {
      return loader.parse("t.json", json);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static byte[] readDefault() {
    try {
      return TopologyLoader.defaultBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
