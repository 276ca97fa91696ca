package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.fail;

import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** A scripted origin behind a real edge on loopback, both on a fake clock; close it after each test. */
public final class EdgeUnderTest implements AutoCloseable {
  public final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  public final ScriptedOrigin origin = new ScriptedOrigin(clock).start();
  public final EdgeServer edge;
  public final Http http;

  public EdgeUnderTest() {
    this(o -> o);
  }

  public EdgeUnderTest(UnaryOperator<EdgeOptions> options) {
    edge = new EdgeServer(new EdgeConfig("t", new InetSocketAddress("127.0.0.1", 0), List.of(origin.uri()), 8 << 20,
        Duration.ofSeconds(2)), options.apply(EdgeOptions.defaults()), clock).start();
    http = new Http(edge.port());
  }

  /** The config of another edge in front of this test's origin, with one pass route for every path ("/"). */
  public EdgeConfig passingEverything() {
    PoolConfig pool = PoolConfig.of("origin", List.of(Replica.of("o", origin.uri().toString(), 1)),
        Duration.ofSeconds(2));
    return new EdgeConfig("p", new InetSocketAddress("127.0.0.1", 0), List.of(origin.uri()), 8 << 20,
        Duration.ofSeconds(2)).withBalancer(new BalancerConfig(List.of(pool), List.of(RouteConfig.pass("/", "origin"))));
  }

  /** Polls {@code condition} until it holds, failing after 10 s (for effects that happen in the background). */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public void close() {
    edge.close();
    origin.close();
  }
}
