package dev.cdnsim.geodns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** The embedded topology's DNS view: three edges, three user blocks and three ECS blocks. */
final class DefaultTopology {
  static final GeoPoint SEOUL = new GeoPoint(37.5665, 126.9780);
  static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);
  static final GeoPoint SAO_PAULO = new GeoPoint(-23.5505, -46.6333);
  static final String SEOUL_EDGE = "127.0.1.1";
  static final String LONDON_EDGE = "127.0.2.1";
  static final String SAO_PAULO_EDGE = "127.0.3.1";
  /**
   * Probes every 50 ms so that rise/fall show in a fraction of a second; a generous timeout, as a
   * cold JVM's first HTTP request can take a few hundred ms (a stopped edge refuses at once).
   */
  static final HealthCheckConfig FAST_HEALTH =
      new HealthCheckConfig(Duration.ofMillis(50), Duration.ofSeconds(2), 2, 2);

  private DefaultTopology() {}

  /** The default topology on {@code 127.0.0.1:0}, no health URLs. */
  static GeoDnsConfig config() {
    return config(null, null, null);
  }

  /** The default topology with optional health URLs per edge (null: no check). */
  static GeoDnsConfig config(URI seoulHealth, URI londonHealth, URI saoPauloHealth) {
    return new GeoDnsConfig(new InetSocketAddress(ip("127.0.0.1"), 0), "cdn.test.",
        "www.cdn.test.", 30,
        List.of(new EdgeSite("seoul", ip(SEOUL_EDGE), SEOUL, seoulHealth),
            new EdgeSite("london", ip(LONDON_EDGE), LONDON, londonHealth),
            new EdgeSite("sao-paulo", ip(SAO_PAULO_EDGE), SAO_PAULO, saoPauloHealth)),
        List.of(new GeoBlock("127.101.0.0/16", SEOUL, "seoul"),
            new GeoBlock("127.102.0.0/16", LONDON, "london"),
            new GeoBlock("127.103.0.0/16", SAO_PAULO, "sao-paulo"),
            new GeoBlock("203.0.113.0/24", SEOUL, "seoul"),
            new GeoBlock("198.51.100.0/24", LONDON, "london"),
            new GeoBlock("192.0.2.0/24", SAO_PAULO, "sao-paulo")),
        LONDON, FAST_HEALTH);
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: never a lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
