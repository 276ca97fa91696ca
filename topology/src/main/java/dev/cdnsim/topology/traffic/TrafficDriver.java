package dev.cdnsim.topology.traffic;

import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.topology.config.TopologyPlan;
import dev.cdnsim.topology.latency.RequestLatency;
import dev.cdnsim.topology.latency.WanLatency;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.topology.workload.ZipfDistribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleToLongFunction;

/**
 * Drives the simulated users of every region of a running {@link Topology}: each user is a virtual thread
 * bound to an address of its region's block. The topology's traffic rate is split over regions by weight and
 * over a region's users evenly; a rate of 0 means "as fast as the nodes answer". Seeded: user {@code u} of
 * region {@code r} always asks for the same objects in the same order.
 */
public final class TrafficDriver implements AutoCloseable {
  private final Map<String, RegionTraffic> traffic = new LinkedHashMap<>();
  private ObjectChooser objects;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private TrafficDriver() {}

  /**
   * Starts the users of {@code topology}; each stops after {@code requestsPerUser} requests
   * ({@link Long#MAX_VALUE} for "until closed").
   */
  public static TrafficDriver start(Topology topology, Clock clock, long requestsPerUser) {
    return start(topology, clock, requestsPerUser, WanLatency.defaults());
  }

  /** As {@link #start(Topology, Clock, long)}, with the given model of wide-area latency. */
  public static TrafficDriver start(Topology topology, Clock clock, long requestsPerUser, WanLatency wan) {
    return start(topology, clock, userRate -> requestsPerUser, wan);
  }

  /**
   * Starts users that each send what their rate gives in {@code length} — a fixed number of requests, so
   * the same seed always gives the same counts — and then stop. The topology's rate must be above 0.
   */
  public static TrafficDriver startFor(Topology topology, Clock clock, Duration length, WanLatency wan) {
    if (!(topology.plan().traffic().requestsPerSecond() > 0)) {
      throw new IllegalArgumentException("a timed run needs traffic.requestsPerSecond above 0");
    }
    return start(topology, clock, userRate -> Math.max(1, Math.round(userRate * length.toMillis() / 1000.0)), wan);
  }

  private static TrafficDriver start(Topology topology, Clock clock, DoubleToLongFunction budget, WanLatency wan) {
    TrafficDriver driver = new TrafficDriver();
    TopologyPlan plan = topology.plan();
    TopologyPlan.Traffic settings = plan.traffic();
    driver.objects = new ObjectChooser(new ZipfDistribution(plan.catalog().objects(), plan.zipfAlpha()),
        plan.catalog().classes(), plan.classShares());
    Map<InetAddress, GeoPoint> edgeLocations = new HashMap<>();
    plan.edges().forEach(e -> edgeLocations.put(e.listen().getAddress(), e.location()));
    GeoPoint origin = plan.origins().get(0).location();
    // Regions with a rate of their own take it; the topology's rate is shared by weight among the others.
    double sharedRate = settings.requestsPerSecond();
    double totalWeight = plan.regions().stream().filter(r -> r.requestsPerSecond() == 0)
        .mapToDouble(TopologyPlan.Region::weight).sum();
    SplittableRandom seeds = new SplittableRandom(settings.seed());
    for (TopologyPlan.Region region : plan.regions()) {
      RegionTraffic counters = new RegionTraffic(region.id());
      driver.traffic.put(region.id(), counters);
      double regionRate = region.requestsPerSecond() > 0 ? region.requestsPerSecond()
          : totalWeight == 0 ? 0 : sharedRate * region.weight() / totalWeight;
      double userRate = regionRate / Math.max(1, settings.usersPerRegion());
      for (int u = 0; u < settings.usersPerRegion(); u++) {
        InetAddress source = region.clients().addressAt(1 + u % Math.max(1, region.clients().size() - 2));
        SplittableRandom random = seeds.split();
        try {
          EdgeResolver resolver = new EdgeResolver(topology.dnsAddress(), source, plan.dns().serviceName(), clock);
          SimulatedUser user = new SimulatedUser(resolver, source, topology::edgeAt, edgeLocations::get, driver.objects,
              new RequestLatency(wan, region.location(), origin), random, userRate, budget.applyAsLong(userRate), counters,
              () -> driver.running);
          driver.threads.add(Thread.ofVirtual().name("user-" + region.id() + "-" + u).start(user));
        } catch (IOException e) {
          driver.close();
          throw new UncheckedIOException("cannot start a user at " + source.getHostAddress() + ": " + e.getMessage(), e);
        }
      }
    }
    return driver;
  }

  /** What the users ask for; a scenario starts and ends flash crowds through it. */
  public ObjectChooser objects() {
    return objects;
  }

  /** What each region's users saw so far, by region id. */
  public Map<String, RegionTraffic> traffic() {
    return traffic;
  }

  /** Waits until every user spent its budget; false when {@code timeout} passed first. */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) return false;
    }
    return true;
  }

  /** Stops every user and waits (briefly) for them to finish their request in flight. */
  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    try {
      awaitCompletion(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
