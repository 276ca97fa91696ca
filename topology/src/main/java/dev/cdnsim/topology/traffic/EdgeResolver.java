package dev.cdnsim.topology.traffic;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One user's stub resolver: asks the geo-DNS for the service name from the user's own source address and
 * keeps the answer for its TTL, as an operating system's cache would.
 */
final class EdgeResolver {
  private final SimpleResolver resolver;
  private final Name serviceName;
  private final Clock clock;
  private InetAddress cached;
  private Instant expires = Instant.MIN;

  EdgeResolver(InetSocketAddress dns, InetAddress source, String serviceName, Clock clock) throws IOException {
    this.resolver = new SimpleResolver(dns);
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(Duration.ofSeconds(2));
    this.serviceName = Name.fromString(serviceName);
    this.clock = clock;
  }

  /** The edge to use now; empty when the DNS gave no address. */
  Optional<InetAddress> edge() throws IOException {
    if (cached != null && clock.instant().isBefore(expires)) return Optional.of(cached);
    Message response = resolver.send(Message.newQuery(Record.newRecord(serviceName, Type.A, DClass.IN)));
    if (response.getRcode() != Rcode.NOERROR) return Optional.empty();
    for (Record record : response.getSection(Section.ANSWER)) {
      if (record instanceof ARecord a) {
        cached = a.getAddress();
        expires = clock.instant().plusSeconds(record.getTTL());
        return Optional.of(cached);
      }
    }
    return Optional.empty();
  }

  /** Forgets the cached answer, as a client does after its connection to the edge failed. */
  void forget() {
    cached = null;
  }
}
