package dev.cdnsim.topology;

import dev.cdnsim.topology.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdnsim} command: one subcommand per way of running cdnsim. */
@Command(name = "cdnsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"A whole CDN on one laptop: geo-DNS, caching edges with an L7 load balancer,",
        "origin replicas, and simulated users from every region.", ""},
    subcommands = {UpCommand.class, ScenarioCommand.class, EdgeCommand.class, DnsCommand.class, SimulateCommand.class,
        TopologyCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start with: ./cdnsim up        (then dig and curl the lines it prints; Ctrl-C stops everything)"})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    quietLibraryLogging();
    System.exit(commandLine().execute(args));
  }

  /** Library chatter (Undertow's start and stop notices) stays out of the live report; warnings still show. */
  private static void quietLibraryLogging() {
    try (InputStream config = Main.class.getResourceAsStream("logging.properties")) {
      if (config != null) LogManager.getLogManager().readConfiguration(config);
    } catch (IOException e) {
      System.err.println("cdnsim: default logging kept (" + e.getMessage() + ")");
    }
  }

  /** The command line with cdnsim's conventions: user mistakes print a short message and exit 2. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // Every command answers --version alike: a standalone edge under systemd is asked for it as often as cdnsim is.
    for (CommandLine sub : cli.getSubcommands().values()) sub.getCommandSpec().versionProvider(new Version());
    return cli
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof ConfigException config) { // a user's file: every problem, one line each, no stack trace
            config.problems().forEach(cmd.getErr()::println);
            return 2;
          }
          cmd.getErr().println("cdnsim: " + e.getMessage());
          if (e instanceof UncheckedIOException && String.valueOf(e.getMessage()).contains("cannot listen on")) {
            cmd.getErr().println("cdnsim: another program (perhaps another cdnsim) holds that address: stop it, or"
                + " give other addresses (./cdnsim topology > t.json, edit, then --topology t.json)");
          }
          return 1;
        });
  }

  /**
   * A mistake on the command line: what is wrong, picocli's suggestion for a misspelt option, and where the help is,
   * as GNU tools do; not the whole help, whose 100 lines would push the one that matters off the screen.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    Optional<String> unreadable = OptionsFiles.unreadable(args);
    if (unreadable.isPresent()) {
      // picocli took the @file for a plain argument: whatever it then says would be beside the point
      err.println("cdnsim: " + unreadable.get());
    } else {
      String where = OptionsFiles.giving(args, offendingOptions(e)).map(file -> file + ": ").orElse("");
      err.println("cdnsim: " + where + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    }
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The option names a usage error is about: the unknown ones, or the option whose value was wrong. */
  private static List<String> offendingOptions(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      return u.getUnmatched().stream().map(token -> token.split("=", 2)[0]).toList();
    }
    return e.getArgSpec() instanceof CommandLine.Model.OptionSpec option ? List.of(option.names()) : List.of();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cdnsim " + (version == null ? "development build" : version)};
    }
  }
}
