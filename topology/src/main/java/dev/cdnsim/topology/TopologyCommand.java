package dev.cdnsim.topology;

import dev.cdnsim.topology.config.ConfigException;
import dev.cdnsim.topology.config.TopologyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the embedded default topology, or checks a topology file without starting anything. */
@Command(name = "topology", mixinStandardHelpOptions = true,
    description = {"Print the default topology, or check a topology file.", "",
        "Without options, prints the embedded default topology (a file to start your own from). With --check FILE,",
        "validates FILE and prints one line per problem (exit code 2) or a summary (exit code 0)."})
final class TopologyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--check", paramLabel = "FILE", description = "Validate FILE and report every problem.")
  Path check;

  @Override
  public Integer call() throws IOException, ConfigException {
    if (check == null) {
      spec.commandLine().getOut().print(new String(TopologyLoader.defaultBytes(), java.nio.charset.StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
      return 0;
    }
    var plan = new TopologyLoader().load(check);
    spec.commandLine().getOut().printf("%s: ok (%d edges, %d origin replicas, %d regions)%n", check,
        plan.edges().size(), plan.origins().size(), plan.regions().size());
    return 0;
  }
}
