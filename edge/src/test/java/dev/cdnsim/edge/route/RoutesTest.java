package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private static final RouteConfig API = RouteConfig.pass("/api/", "api");
  private static final RouteConfig API_V2_ON_SHOP = new RouteConfig("shop.test", "/api/v2/", "shop", RouteConfig.Mode.PASS);
  private static final RouteConfig SHOP = new RouteConfig("shop.test", "/", "shop", RouteConfig.Mode.CACHE);
  private static final RouteConfig STATIC = RouteConfig.cache("/", "static");
  private final Routes routes = new Routes(List.of(STATIC, API, SHOP, API_V2_ON_SHOP), RouteConfig.cache("/", "fallback"));

  @Test
  void theLongestPrefixWinsAndAnExactHostBeatsAnyHost() {
    assertThat(routes.match("www.cdn.test", "/objects/1")).isEqualTo(STATIC);
    assertThat(routes.match("www.cdn.test", "/api/cart?x=1")).isEqualTo(API);
    assertThat(routes.match("shop.test", "/api/cart")).isEqualTo(SHOP);
    assertThat(routes.match("SHOP.test:8080", "/api/v2/cart")).isEqualTo(API_V2_ON_SHOP);
    assertThat(routes.match("shop.test.evil", "/x")).isEqualTo(STATIC);
  }

  @Test
  void optionsAsteriskIsRoutedAsTheRoot() {
    assertThat(routes.match("www.cdn.test", "*")).isEqualTo(STATIC);
    assertThat(routes.match("shop.test", "*")).isEqualTo(SHOP);
  }

  @Test
  void aPathNoRouteMatchesGoesToTheFallback() {
    Routes apiOnly = new Routes(List.of(API), RouteConfig.cache("/", "static"));
    assertThat(apiOnly.match("www.cdn.test", "/objects/1")).isEqualTo(RouteConfig.cache("/", "static"));
  }

  @Test
  void aCacheKeyUrlIsMatchedByItsHostAndPath() {
    assertThat(routes.matchUrl("http://shop.test:8080/api/v2/x")).isEqualTo(API_V2_ON_SHOP);
    assertThat(routes.matchUrl("http://[::1]:8080/api/x")).isEqualTo(API);
    assertThat(routes.matchUrl("http://www.cdn.test")).isEqualTo(STATIC);
  }

  @Test
  void aRouteToAnUnknownPoolIsRefusedWithEveryProblemAtOnce() {
    PoolConfig origin = PoolConfig.of("origin", List.of(new Replica(URI.create("http://127.0.0.1:1"))), Duration.ofSeconds(1));
    assertThatThrownBy(() -> new BalancerConfig(List.of(origin, origin), List.of(API)))
        .hasMessage("pool origin is defined twice; route */api/ names unknown pool api");
  }

  @Test
  void theDefaultIsOnePoolWithEverythingCached() {
    BalancerConfig single = BalancerConfig.single(List.of(URI.create("http://127.0.10.1:8081")), Duration.ofSeconds(2));
    assertThat(single.pools()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("origin");
      assertThat(p.replicas()).containsExactly(new Replica(URI.create("http://127.0.10.1:8081")));
    });
    assertThat(single.routes()).containsExactly(RouteConfig.cache("/", "origin"));
    assertThat(single.hasPassRoutes()).isFalse();
  }
}
