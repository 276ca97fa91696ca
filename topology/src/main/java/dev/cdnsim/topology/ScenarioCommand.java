package dev.cdnsim.topology;

import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.scenario.Scenario;
import dev.cdnsim.topology.scenario.ScenarioRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin TopologyOptions topology;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: reports/NAME).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    TopologyPlan plan = topology.plan();
    Scenario scenario;
    try {
      scenario = Scenario.builtIn(name, plan);
    } catch (java.util.NoSuchElementException e) {
      spec.commandLine().getErr().println("cdnsim scenario: " + e.getMessage());
      return 2;
    }
    HeapAdvice.check("scenario " + name, plan.cacheBytes(), Runtime.getRuntime().maxMemory())
        .ifPresent(w -> spec.commandLine().getErr().println("cdnsim scenario: " + w));
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
