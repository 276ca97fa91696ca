package dev.cdnsim.topology;

import dev.cdnsim.topology.config.ConfigException;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a topology and its traffic, shared by the commands that start one. */
final class TopologyOptions {
  @Option(names = "--topology", paramLabel = "FILE", description = "Topology file (JSON). Default: the embedded one"
      + " (print it with: cdnsim topology).")
  Path file;

  @Option(names = "--rate", paramLabel = "N", description = "Simulated requests per second in all (default: the"
      + " topology's traffic.requestsPerSecond).")
  Double rate;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated users (default: the topology's).")
  Long seed;

  /** The chosen topology with the overrides applied; a bad file throws (Main prints its problems, exit code 2). */
  TopologyPlan plan() throws ConfigException {
    TopologyPlan plan = file == null ? new TopologyLoader().loadDefault() : new TopologyLoader().load(file);
    TopologyPlan.Traffic t = plan.traffic();
    return plan.withTraffic(new TopologyPlan.Traffic(t.usersPerRegion(), rate == null ? t.requestsPerSecond() : rate,
        seed == null ? t.seed() : seed));
  }
}
