package dev.cdnsim.topology;

import dev.cdnsim.topology.config.DataSize;
import dev.cdnsim.origin.SizeDistribution;
import dev.cdnsim.topology.config.ConfigException;
import dev.cdnsim.topology.config.TopologyLoader;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.simulate.CheApproximation;
import dev.cdnsim.topology.simulate.Measurement;
import dev.cdnsim.topology.simulate.Policy;
import dev.cdnsim.topology.simulate.Simulation;
import dev.cdnsim.topology.simulate.SimulationReport;
import dev.cdnsim.topology.simulate.SimulationResult;
import dev.cdnsim.topology.simulate.Trace;
import dev.cdnsim.topology.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cdnsim simulate}: replays a Zipf workload (or a trace file) through eviction policies at
 * several cache sizes in virtual time, without sockets, and reports hit ratio and byte hit ratio
 * per policy and size on stdout and as JSON, Markdown and an SVG miss-ratio plot.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replay a Zipf workload or a trace file through cache policies in virtual time.")
public final class SimulateCommand implements Callable<Integer> {
  /** Che's model holds two doubles per object and sweeps them all per Newton step. */
  private static final int CHE_MAX_OBJECTS = 20_000_000;

  @Spec
  private CommandSpec spec;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "10000000",
      description = "Requests to generate (default: ${DEFAULT-VALUE}).")
  private int requests;

  @Option(names = "--objects", paramLabel = "N", defaultValue = "1000000",
      description = "Objects in the catalog (default: ${DEFAULT-VALUE}).")
  private int objects;

  @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.9",
      description = "Zipf exponent of popularity (default: ${DEFAULT-VALUE}).")
  private double alpha;

  @Option(names = "--sizes", paramLabel = "SIZE", split = ",", defaultValue = "1MiB,4MiB,16MiB,64MiB,256MiB",
      description = "Cache sizes in bytes (default: ${DEFAULT-VALUE}).")
  private List<String> sizes;

  @Option(names = "--cache-objects", paramLabel = "N", split = ",",
      description = "Cache sizes in objects instead: every object counts as one (unit sizes).")
  private List<Long> cacheObjects;

  @Option(names = "--policies", paramLabel = "POLICY", split = ",",
      defaultValue = "lru,fifo,sieve,s3fifo,tinylfu,belady", description = "Policies to replay (default: ${DEFAULT-VALUE}).")
  private List<String> policies;

  @Option(names = "--topology", paramLabel = "FILE",
      description = "Take the catalog (objects, Zipf alpha, sizes, seed) from this topology file, "
      + "and add its edges' cache sizes to the default sizes.")
  private Path topology;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Replay this file instead: one request per line, 'timestamp object size'; # comments.")
  private Path trace;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the request sequence (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--catalog-seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the origin catalog's sizes (default: ${DEFAULT-VALUE}).")
  private long catalogSeed;

  @Option(names = "--object-size", paramLabel = "SIZE", defaultValue = "10KiB",
      description = "Median object size (default: ${DEFAULT-VALUE}).")
  private String objectSize;

  @Option(names = "--size-sigma", paramLabel = "SIGMA", defaultValue = "1.0",
      description = "Log-normal sigma of object sizes; 0 = fixed (default: ${DEFAULT-VALUE}).")
  private double sizeSigma;

  @Option(names = "--min-object-size", paramLabel = "SIZE", defaultValue = "1KiB",
      description = "Smallest object (default: ${DEFAULT-VALUE}).")
  private String minObjectSize;

  @Option(names = "--max-object-size", paramLabel = "SIZE", defaultValue = "1MiB",
      description = "Largest object (default: ${DEFAULT-VALUE}).")
  private String maxObjectSize;

  @Option(names = "--change-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Each object changes once per this duration of virtual time, e.g. 1h or PT1H (default: never).")
  private Duration changeInterval;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
      description = "Virtual requests per second, which paces changes (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/simulate",
      description = "Folder for simulation.json, simulation.md and miss-ratio.svg (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    List<Policy> chosen = policies.stream().map(name -> parse(() -> Policy.parse(name))).distinct().toList();
    boolean unitSizes = cacheObjects != null;
    if (unitSizes && given("--sizes")) {
      throw new ParameterException(spec.commandLine(), "give cache sizes either in bytes (--sizes) or in objects (--cache-objects)");
    }
    TopologyPlan plan = topology == null ? null : loadTopology();
    List<Long> capacities = (unitSizes ? cacheObjects : sizes.stream().map(s -> parse(() -> DataSize.parse(s))).toList())
        .stream().distinct().sorted().toList();
    if (plan != null && !unitSizes && !given("--sizes")) {
      capacities = Stream.concat(capacities.stream(), plan.edges().stream().map(TopologyPlan.Edge::cacheMaxBytes))
          .distinct().sorted().toList();
    }
    if (capacities.isEmpty() || capacities.getFirst() < 1) {
      throw new ParameterException(spec.commandLine(), "cache sizes must be at least 1");
    }
    if (trace == null && requests < 1) {
      throw new ParameterException(spec.commandLine(), "--requests must be at least 1: " + requests);
    }
    Workload workload = trace == null ? parse(() -> workload(plan)) : null;
    Trace replayed = trace == null ? Trace.generate(workload, seed, requests) : parse(this::readTrace);
    if (unitSizes) {
      replayed = replayed.withUnitSizes();
    }
    long start = System.nanoTime();
    List<Measurement> measurements = new Simulation(replayed).run(chosen, capacities);
    long wallNanos = System.nanoTime() - start;
    // Che's approximation models LRU under independent requests: only for a workload whose objects never
    // change, and only for catalogs whose per-object arrays stay small.
    boolean cheApplies = workload != null && workload.changeInterval().isZero() && workload.objects() <= CHE_MAX_OBJECTS;
    List<CheApproximation.Estimate> che = !cheApplies ? List.of()
        : capacities.stream().map(CheApproximation.of(workload, unitSizes)::estimate).toList();

    SimulationResult result = new SimulationResult(describe(workload), replayed.requests(), replayed.keyCount(),
        replayed.bytes(), unitSizes, measurements, che, wallNanos);
    SimulationReport report = new SimulationReport(result);
    stdout.println(report.text());
    for (Path written : report.write(out)) {
      stdout.println("wrote " + written);
    }
    stdout.flush();
    return 0;
  }

  private Workload workload(TopologyPlan plan) {
    if (plan != null) {
      return Workload.of(plan.catalog(), plan.zipfAlpha(), rate)
          .withChangeInterval(changeInterval == null ? Duration.ZERO : changeInterval);
    }
    SizeDistribution objectSizes = new SizeDistribution(DataSize.parse(objectSize), sizeSigma,
        DataSize.parse(minObjectSize), DataSize.parse(maxObjectSize));
    return new Workload(objects, alpha, objectSizes, catalogSeed, rate,
        changeInterval == null ? Duration.ZERO : changeInterval);
  }

  private TopologyPlan loadTopology() {
    for (String option : List.of("--objects", "--alpha", "--object-size", "--size-sigma", "--min-object-size",
        "--max-object-size", "--catalog-seed", "--trace")) {
      if (given(option)) {
        throw new ParameterException(spec.commandLine(), option + " cannot be combined with --topology, "
            + "which sets the catalog");
      }
    }
    try {
      return new TopologyLoader().load(topology);
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private Trace readTrace() {
    try {
      return Trace.read(trace);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read trace " + trace + ": " + e.getMessage(), e);
    }
  }

  private String describe(Workload workload) {
    if (workload == null) {
      return "trace " + trace;
    }
    SizeDistribution s = workload.sizes();
    return String.format(Locale.ROOT, "%sZipf(alpha=%s) over %,d objects, sizes median %s sigma %s [%s, %s], seed %d%s",
        topology == null ? "" : topology + ": ", workload.alpha(), workload.objects(), DataSize.format(s.medianBytes()),
        s.sigma(), DataSize.format(s.minBytes()), DataSize.format(s.maxBytes()), seed,
        changeInterval == null ? "" : ", each object changing every " + changeInterval + " at " + rate + " req/s");
  }

  /** Runs {@code parser}, turning a rejected value into picocli's usage error (exit code 2). */
  private <T> T parse(java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
