package dev.cdnsim.edge.route;

import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.TimeoutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;

/** A replica on a loopback socket that hands each connection, its request head read, to the test's answer. */
final class RawReplica implements AutoCloseable {
  private final ServerSocket socket;

  /** What the replica does on a connection once the request head is read. */
  interface Answer {
    void on(Socket s) throws IOException, InterruptedException;
  }

  /** Starts accepting; {@code answer} runs on a virtual thread per connection, which closes when it returns. */
  RawReplica(Answer answer) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              skipHead(s.getInputStream());
              answer.on(s);
            } catch (IOException | InterruptedException e) {
              // the edge hung up, or the test is over
            }
          });
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Starts an edge whose "/" is cached from this replica (named {@code id}) and "/api/" passed to it. */
  EdgeServer edge(String id, TimeoutConfig timeouts) throws IOException {
    Replica replica = Replica.of(id, url(), 1);
    PoolConfig pool = PoolConfig.of("origin", List.of(replica), timeouts.firstByte()).withTimeouts(timeouts);
    return new EdgeServer(new EdgeConfig("test", new InetSocketAddress("127.0.0.1", 0), List.of(replica.base()),
        8 << 20, timeouts.firstByte()).withBalancer(new BalancerConfig(List.of(pool),
        List.of(RouteConfig.cache("/", "origin"), RouteConfig.pass("/api/", "origin")))), Clock.systemUTC()).start();
  }

  /** Reads up to the end of a request head (its empty line). */
  private static void skipHead(InputStream in) throws IOException {
    int last = 0;
    int c;
    while ((c = in.read()) >= 0 && !(last == '\n' && c == '\r' && in.read() == '\n')) last = c == '\r' ? last : c;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
