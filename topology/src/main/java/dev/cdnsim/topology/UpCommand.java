package dev.cdnsim.topology;

import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.dashboard.DashboardServer;
import dev.cdnsim.topology.report.DnsHealthLine;
import dev.cdnsim.topology.report.HitRatioReport;
import dev.cdnsim.topology.report.ReplicaHealthLine;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.traffic.RegionTraffic;
import dev.cdnsim.topology.traffic.TrafficDriver;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Starts a whole topology with its simulated users and shows hit ratios as they change, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start a whole CDN with simulated users and watch its hit ratios.", "",
        "Starts the geo-DNS, the edges and the origin replicas of a topology (the embedded default unless --topology",
        "is given), prints every node's address with dig and curl lines to paste, drives simulated users from every",
        "region and shows per-edge hit ratios. Ctrl-C stops every node and frees every port."})
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TopologyOptions topology;

  @Option(names = "--no-traffic", description = "Start the nodes alone, without simulated users.")
  boolean noTraffic;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop by itself after this many seconds and"
      + " print the final report (default: run until Ctrl-C).")
  Long durationSeconds;

  @Option(names = "--report-every", paramLabel = "SECONDS", defaultValue = "2",
      description = "Seconds between hit-ratio reports (default: ${DEFAULT-VALUE}).")
  long reportEvery;

  @Option(names = "--dashboard", paramLabel = "ADDRESS", defaultValue = "127.0.0.1:8090",
      converter = EdgeCommand.AddressConverter.class,
      description = "Serve the live dashboard on this loopback address (default: ${DEFAULT-VALUE}; port 0 picks one).")
  InetSocketAddress dashboardAddress;

  @Option(names = "--no-dashboard", description = "Do not serve the dashboard.")
  boolean noDashboard;

  @Option(names = "--access-logs", paramLabel = "DIR", description = "Each edge appends a line per request to"
      + " DIR/EDGE.log (the folder made when missing): nginx's combined format, then the Host, the request time in"
      + " seconds and the X-Cache value. Default: no access logs.")
  Path accessLogs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    TopologyPlan plan = this.topology.plan();
    if (!noDashboard && (dashboardAddress.getAddress() == null || !dashboardAddress.getAddress().isLoopbackAddress())) {
      spec.commandLine().getErr().println("--dashboard " + dashboardAddress.getHostString() + ":"
          + dashboardAddress.getPort() + ": the dashboard can stop nodes, so it"
          + " listens on a loopback address only (127.0.0.1:8090, or port 0 for any free port)");
      return 2;
    }
    HeapAdvice.check("up", plan.cacheBytes(), Runtime.getRuntime().maxMemory())
        .ifPresent(w -> spec.commandLine().getErr().println("cdnsim up: " + w));
    long started = System.nanoTime();
    Topology topology = Topology.start(plan, Clock.systemUTC(), Optional.ofNullable(accessLogs));
    HeapAdvice.settleStartup();
    out.printf("cdnsim is up in %d ms (%s)%n%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), plan.source());
    NodeTable.print(out, topology);
    if (accessLogs != null && !plan.edges().isEmpty()) {
      out.printf("%naccess logs: %s, one file per edge; try: tail -f %s%n", accessLogs,
          accessLogs.resolve(plan.edges().get(0).id() + ".log"));
    }
    out.flush();

    TrafficDriver driver = noTraffic ? null : TrafficDriver.start(topology, Clock.systemUTC(), Long.MAX_VALUE);
    DashboardServer dashboard = noDashboard ? null : startDashboard(topology, driver, out);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    LiveView view = new LiveView(out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    Runnable shutdown = () -> {
      if (!closed.compareAndSet(false, true)) return;
      if (dashboard != null) dashboard.close();
      if (driver != null) driver.close();
      view.finish(report(topology, driver, view));
      topology.close();
      out.println("stopped " + topology.nodes().size() + " nodes; every port is free.");
      out.flush();
      stopped.countDown();
    };
    Thread hook = new Thread(shutdown, "cdnsim-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long deadline = durationSeconds == null ? Long.MAX_VALUE : System.nanoTime() + durationSeconds * 1_000_000_000L;
    while (!stopped.await(Math.max(1, reportEvery), TimeUnit.SECONDS) && System.nanoTime() < deadline) {
      if (!closed.get()) view.show(report(topology, driver, view));
    }
    if (!closed.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
      shutdown.run();
    }
    return 0;
  }

  /** Starts the dashboard; a port already taken is worth a warning, not the end of the run. */
  private DashboardServer startDashboard(Topology topology, TrafficDriver driver, PrintWriter out) {
    Supplier<Map<String, RegionTraffic>> traffic = driver == null ? Map::of : driver::traffic;
    try {
      DashboardServer dashboard = new DashboardServer(topology, traffic, dashboardAddress, Clock.systemUTC()).start();
      InetSocketAddress at = dashboard.address();
      out.printf("dashboard: http://%s:%d/%n%n", at.getAddress().getHostAddress(), at.getPort());
      out.flush();
      return dashboard;
    } catch (UncheckedIOException e) {
      spec.commandLine().getErr().println(e.getMessage() + "; going on without the dashboard"
          + " (choose another address with --dashboard 127.0.0.1:PORT)");
      return null;
    }
  }

  private static List<String> report(Topology topology, TrafficDriver driver, LiveView view) {
    Map<String, EdgeStats> now = topology.edgeStats();
    List<String> lines = new ArrayList<>(HitRatioReport.render(now, view.previous(now), view.secondsSinceLast(),
        topology.originRequests(), driver == null ? Map.of() : driver.traffic()));
    String edges = DnsHealthLine.render(topology.dnsEdgeHealth());
    if (!edges.isEmpty()) lines.add(edges);
    String replicas = ReplicaHealthLine.render(topology.replicaHealth());
    if (!replicas.isEmpty()) lines.add(replicas);
    return lines;
  }

  /** Shows successive reports: redrawn in place on a terminal, appended otherwise. */
  static final class LiveView {
    private final PrintWriter out;
    private final boolean inPlace;
    private int shownLines;
    private Map<String, EdgeStats> previous = Map.of();
    private long previousAt = System.nanoTime();
    private double seconds;

    LiveView(PrintWriter out, boolean inPlace) {
      this.out = out;
      this.inPlace = inPlace;
    }

    synchronized Map<String, EdgeStats> previous(Map<String, EdgeStats> now) {
      Map<String, EdgeStats> before = previous;
      long at = System.nanoTime();
      seconds = (at - previousAt) / 1e9;
      previous = now;
      previousAt = at;
      return before;
    }

    synchronized double secondsSinceLast() {
      return seconds;
    }

    synchronized void show(List<String> lines) {
      if (inPlace && shownLines > 0) out.print("\033[" + shownLines + "A\033[J");
      else if (!inPlace) out.println("-- " + java.time.LocalTime.now().withNano(0));
      lines.forEach(out::println);
      out.flush();
      shownLines = lines.size();
    }

    synchronized void finish(List<String> lines) {
      shownLines = 0;
      out.println();
      out.println("final report:");
      lines.forEach(out::println);
      out.flush();
    }
  }

}
