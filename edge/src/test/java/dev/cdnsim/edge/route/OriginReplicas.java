package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.OriginConfig;
import dev.cdnsim.origin.OriginServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real origin replicas on 127.0.0.1 ephemeral ports, named by id; their {@code /_origin/stats} names the one that answered. */
final class OriginReplicas implements AutoCloseable {
  private static final Pattern ORIGIN_ID = Pattern.compile("\"id\":\"([a-z]+)\"");
  private final List<String> ids;
  private final List<OriginServer> servers = new ArrayList<>();
  private final List<Replica> replicas = new ArrayList<>();

  /** Starts one replica per id, each of weight 1. */
  OriginReplicas(String... ids) {
    this.ids = List.of(ids);
    for (String id : ids) {
      OriginServer o = new OriginServer(new OriginConfig(id, new InetSocketAddress("127.0.0.1", 0),
          CatalogConfig.defaults()), Clock.systemUTC()).start();
      servers.add(o);
      replicas.add(Replica.of(id, "http://127.0.0.1:" + o.port(), 1));
    }
  }

  List<Replica> replicas() {
    return List.copyOf(replicas);
  }

  List<URI> uris() {
    return replicas.stream().map(Replica::base).toList();
  }

  /** Stops the replica {@code id}, as a crashed process. */
  void stop(String id) {
    servers.get(ids.indexOf(id)).close();
  }

  /** The id of the replica that answered {@code GET /_origin/stats} with {@code r} (which must be a 200). */
  static String servedBy(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = ORIGIN_ID.matcher(r.body());
    assertThat(m.find()).as("origin stats in %s", r.body()).isTrue();
    return m.group(1);
  }

  @Override
  public void close() {
    servers.forEach(OriginServer::close);
  }
}
