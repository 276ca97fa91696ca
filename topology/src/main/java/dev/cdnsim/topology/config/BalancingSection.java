package dev.cdnsim.topology.config;

import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks and converts a topology file's {@code balancing}: routes to pools and the pools' active health check. */
record BalancingSection(Problems problems) {

  TopologyPlan.Balancing build(TopologyFile.Balancing b) {
    ActiveCheckConfig check = ActiveCheckConfig.http("/health").every(Duration.ofSeconds(1), 2, 2);
    List<TopologyPlan.Route> routes = new ArrayList<>();
    if (b == null || b.routes() == null || b.routes().isEmpty()) {
      routes.add(new TopologyPlan.Route("/", true, Algorithm.ROUND_ROBIN, AffinityConfig.Mode.NONE, Optional.empty()));
    } else {
      Set<String> prefixes = new HashSet<>();
      for (int i = 0; i < b.routes().size(); i++) {
        String at = "$.balancing.routes[" + i + "]";
        TopologyFile.Route r = b.routes().get(i);
        if (r == null) {
          problems.add(at, "must be an object");
          continue;
        }
        String prefix = problems.required(at + ".pathPrefix", r.pathPrefix()).orElse("/");
        if (!prefix.startsWith("/")) problems.add(at + ".pathPrefix", "must start with /, was \"" + prefix + "\"");
        if (!prefixes.add(prefix)) problems.add(at + ".pathPrefix", "\"" + prefix + "\" is routed twice");
        String mode = r.mode() == null ? "cache" : r.mode();
        if (!mode.equals("cache") && !mode.equals("pass")) problems.add(at + ".mode", "must be cache or pass, was \"" + mode + "\"");
        Algorithm algorithm = r.algorithm() == null ? Algorithm.ROUND_ROBIN
            : problems.convert(at + ".algorithm", r.algorithm(), Algorithm::named).orElse(Algorithm.ROUND_ROBIN);
        AffinityConfig.Mode affinity = r.affinity() == null ? AffinityConfig.Mode.NONE
            : problems.convert(at + ".affinity", r.affinity(), AffinityConfig.Mode::named).orElse(AffinityConfig.Mode.NONE);
        Optional<String> host = r.host() == null ? Optional.empty()
            : problems.convert(at + ".host", r.host(), BalancingSection::host);
        routes.add(new TopologyPlan.Route(prefix, mode.equals("cache"), algorithm, affinity, host));
      }
    }
    TopologyFile.OriginChecks h = b == null ? null : b.health();
    if (h != null) {
      String at = "$.balancing.health";
      String path = h.path() == null ? check.path() : h.path();
      if (!path.startsWith("/")) problems.add(at + ".path", "must start with /, was \"" + path + "\"");
      Duration interval = h.interval() == null ? check.interval()
          : problems.convert(at + ".interval", h.interval(), DurationText::parse).orElse(check.interval());
      Duration timeout = h.timeout() == null ? check.timeout()
          : problems.convert(at + ".timeout", h.timeout(), DurationText::parse).orElse(check.timeout());
      int rise = (int) problems.between(at + ".rise", h.rise() == null ? null : h.rise().doubleValue(), 1, 100, check.rise());
      int fall = (int) problems.between(at + ".fall", h.fall() == null ? null : h.fall().doubleValue(), 1, 100, check.fall());
      if (path.startsWith("/")) check = new ActiveCheckConfig(ActiveCheckConfig.Kind.HTTP, path, 200, interval, timeout, rise, fall);
    }
    return new TopologyPlan.Balancing(routes, check);
  }

  private static String host(String value) {
    if (!PoolConfig.validHost(value)) {
      throw new IllegalArgumentException("must be a host name or address with an optional port, was \"" + value + "\"");
    }
    return value;
  }
}
