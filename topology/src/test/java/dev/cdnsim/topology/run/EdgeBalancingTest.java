package dev.cdnsim.topology.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeBalancingTest {
  @Test
  void eachRouteGetsAPoolOfEveryReplicaWithItsAlgorithmAffinityAndHealthCheck() {
    List<Replica> replicas = List.of(Replica.of("a", "http://127.0.10.1:8081", 1), Replica.of("b", "http://127.0.10.2:8081", 1));
    BalancerConfig config = EdgeBalancing.config(new TopologyLoader().loadDefault().balancing(), replicas,
        Duration.ofSeconds(5), "secret");
    assertThat(config.pools()).extracting(p -> p.name() + " " + p.algorithm() + " " + p.affinity().mode() + " "
        + p.replicas().size() + " " + p.health().active().orElseThrow().path())
        .containsExactly("api LEAST_CONNECTIONS COOKIE 2 /health", "default CONSISTENT_HASH NONE 2 /health");
    assertThat(config.routes()).extracting(r -> r.pathPrefix() + " " + r.pool() + " " + r.mode())
        .containsExactly("/api/ api PASS", "/ default CACHE");
    assertThat(config.pools().get(0).affinity().secret()).isEqualTo("secret");
  }

  @Test
  void aRoutesHostGoesToItsPool() {
    TopologyPlan.Balancing balancing = new TopologyPlan.Balancing(List.of(
        new TopologyPlan.Route("/api/", false, Algorithm.ROUND_ROBIN, AffinityConfig.Mode.NONE, Optional.of("api.internal")),
        new TopologyPlan.Route("/", true, Algorithm.ROUND_ROBIN, AffinityConfig.Mode.NONE, Optional.empty())),
        ActiveCheckConfig.tcp());
    BalancerConfig config = EdgeBalancing.config(balancing, List.of(Replica.of("a", "http://127.0.10.1:8081", 1)),
        Duration.ofSeconds(5), "secret");
    assertThat(config.pools()).extracting(PoolConfig::host).containsExactly(Optional.of("api.internal"), Optional.empty());
  }

  @Test
  void poolNamesComeFromThePathPrefix() {
    assertThat(EdgeBalancing.poolName("/")).isEqualTo("default");
    assertThat(EdgeBalancing.poolName("/api/")).isEqualTo("api");
    assertThat(EdgeBalancing.poolName("/static/img/")).isEqualTo("static-img");
  }
}
