import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.HealthConfig;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three origin replicas behind one edge with two pools: "/" cached from a consistent-hash pool,
 * "/_origin/" passed to a least-connections pool with a route cookie. Stops a replica and shows the
 * edge keep answering while health checks take it out.
 *
 * Run from the repository root after a build:
 *   java --class-path topology/target/cdnsim.jar docs/examples/LoadBalancingDemo.java
 */
public class LoadBalancingDemo {
  public static void main(String[] args) throws Exception {
    List<OriginServer> origins = new ArrayList<>();
    List<Replica> replicas = new ArrayList<>();
    for (String id : List.of("one", "two", "three")) {
      OriginServer o = new OriginServer(new OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
          CatalogConfig.defaults()), Clock.systemUTC()).start();
      origins.add(o);
      replicas.add(Replica.of(id, "http://127.0.0.1:" + o.port(), 1));
    }
    HealthConfig health = HealthConfig.defaults()
        .withActive(ActiveCheckConfig.http("/health").every(Duration.ofMillis(500), 2, 2))
        .withSlowStart(Duration.ofSeconds(10));
    Duration timeout = Duration.ofSeconds(2);
    BalancerConfig balancer = new BalancerConfig(
        List.of(
            PoolConfig.of("static", replicas, timeout).withAlgorithm(Algorithm.CONSISTENT_HASH).withHealth(health),
            PoolConfig.of("api", replicas, timeout).withAlgorithm(Algorithm.LEAST_CONNECTIONS).withHealth(health)
                .withAffinity(AffinityConfig.cookie("cdnsim_route", "demo secret"))),
        List.of(RouteConfig.cache("/", "static"), RouteConfig.pass("/_origin/", "api")));
    List<URI> uris = replicas.stream().map(Replica::base).toList();
    EdgeConfig config = new EdgeConfig("demo", new InetSocketAddress("127.0.0.1", 0), uris, 64 << 20, timeout)
        .withBalancer(balancer);
    try (EdgeServer edge = new EdgeServer(config, Clock.systemUTC()).start();
        HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + edge.port();
      HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/_origin/stats")).build(),
          HttpResponse.BodyHandlers.ofString());
      String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
      System.out.println("pass route answered by " + first.body() + "\n  Set-Cookie: " + cookie);
      origins.get(1).close();
      System.out.println("stopped replica two");
      int ok = 0;
      for (int i = 1; i <= 50; i++) {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/objects/" + i)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) ok++;
      }
      System.out.println(ok + " of 50 cacheable GETs answered 200");
      HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + "/_edge/stats")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println(stats.body());
    } finally {
      origins.forEach(OriginServer::close);
    }
  }
}
