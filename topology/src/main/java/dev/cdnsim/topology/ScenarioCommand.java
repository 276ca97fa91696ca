package dev.cdnsim.topology;

import dev.cdnsim.topology.config.ConfigException;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.scenario.Scenario;
import dev.cdnsim.topology.scenario.ScenarioRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a scripted scenario against a fresh topology and writes its report. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = {"Run a scripted scenario (an edge dies, a flash crowd, ...) and write its report.", "",
        "Starts the topology with its simulated users, plays the scenario's timed events, ends by itself and writes",
        "report.json, report.md, hit-ratio.svg and latency-cdf.svg into the output folder. Scenarios:",
        "  edge-failure, origin-failure, flash-crowd, purge-storm, cold-start"})
final class ScenarioCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "Which scenario to run.")
  String name;

  @Option(names = "--topology", paramLabel = "FILE", description = "Topology file (default: the embedded one).")
  Path topologyFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: reports/NAME).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated users (default: the topology's).")
  Long seed;

  @Option(names = "--rate", paramLabel = "N", description = "Requests per second in all (default: the topology's).")
  Double rate;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    TopologyPlan plan;
    try {
      plan = topologyFile == null ? new TopologyLoader().loadDefault() : new TopologyLoader().load(topologyFile);
    } catch (ConfigException e) {
      e.problems().forEach(spec.commandLine().getErr()::println);
      return 2;
    }
    TopologyPlan.Traffic t = plan.traffic();
    plan = plan.withTraffic(new TopologyPlan.Traffic(t.usersPerRegion(), rate == null ? t.requestsPerSecond() : rate,
        seed == null ? t.seed() : seed));
    Scenario scenario;
    try {
      scenario = Scenario.builtIn(name, plan);
    } catch (java.util.NoSuchElementException e) {
      spec.commandLine().getErr().println("cdnsim scenario: " + e.getMessage());
      return 2;
    }
    stdout.printf("scenario %s: %s (%d s)%n", scenario.name(), scenario.description(), scenario.length().toSeconds());
    stdout.flush();
    var report = new ScenarioRunner(plan, Clock.systemUTC(), line -> {
      stdout.println(line);
      stdout.flush();
    }).run(scenario);
    Path folder = out == null ? Path.of("reports", scenario.name()) : out;
    ScenarioRunner.write(folder, report);
    stdout.println();
    stdout.print(report.markdown());
    stdout.println("report written to " + folder.toAbsolutePath());
    stdout.flush();
    return report.consistent() ? 0 : 1;
  }
}
