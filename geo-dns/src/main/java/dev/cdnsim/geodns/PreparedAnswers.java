package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The hot path: replies pre-rendered once per (name, type, chosen edges) and patched per query
 * with its ID, flags, question (case as sent) and OPT. Returns null for whatever it does not
 * cover — errors, names not in the zone, whoami, answers too big for the client — which the
 * full path then answers, so both paths give byte-identical replies.
 *
 * <p>The chosen edges are part of the key, so a health change needs no flush: the next query
 * simply picks other edges and their (possibly cached) rendering.
 */
final class PreparedAnswers {
  /** Bounds memory against a flood of distinct (name, type) pairs. */
  private static final int MAX_ENTRIES = 10_000;
  private static final int OPT_FIXED_LENGTH = 11;
  private static final int ECS_FIXED_LENGTH = 8;

  private record Key(String qname, int qtype, List<EdgeSite> edges) {}

  private record Rendered(byte[] wire, int rcode) {}

  private final GeoZone zone;
  private final ZoneAnswerer answerer;
  private final ClientLocator locator;
  private final Predicate<EdgeSite> healthy;
  private final QueryHandler renderer;
  private final QueryStats stats;
  /** Service names by their lower-case wire form, as read by {@link QueryScan}. */
  private final Map<String, Name> servicesByWire = new HashMap<>(); // read-only after construction
  private final byte[] whoamiWire;
  private final Map<Key, Rendered> cache = new ConcurrentHashMap<>();

  PreparedAnswers(GeoZone zone, ZoneAnswerer answerer, ClientLocator locator,
                  Predicate<EdgeSite> healthy, QueryStats stats) {
    this.zone = requireNonNull(zone, "zone");
    this.answerer = requireNonNull(answerer, "answerer");
    this.locator = requireNonNull(locator, "locator");
    this.healthy = requireNonNull(healthy, "healthy");
    this.stats = requireNonNull(stats, "stats");
    // Renders with its own counters: the query is counted once, here, when it is answered.
    this.renderer = new QueryHandler(zone, answerer, locator, healthy, new QueryStats());
    zone.services().forEach(s -> servicesByWire.put(
        new String(s.toWireCanonical(), StandardCharsets.ISO_8859_1), s));
    this.whoamiWire = zone.whoami().toWireCanonical();
  }

  /** Returns the reply to a plain query, or null to leave it to the full path. */
  byte[] respond(byte[] packet, int offset, int length, InetAddress source,
                 PacketResponder.Transport transport) throws IOException {
    QueryScan q = QueryScan.of(packet, offset, length);
    if (q == null || java.util.Arrays.equals(q.qnameLower(), whoamiWire) || !Type.isRR(q.qtype())
        && q.qtype() != Type.ANY) {
      return null;
    }
    String qname = new String(q.qnameLower(), StandardCharsets.ISO_8859_1);
    Name serviceName = ZoneAnswerer.isAddressQuestion(q.qtype()) ? servicesByWire.get(qname) : null;
    boolean service = serviceName != null;
    ClientSubnetOption subnet = subnet(q);
    if (q.ecsFamily() != 0 && subnet == null) {
      return null;
    }
    ClientLocation client = service ? locator.locate(source, subnet) : null;
    EdgeChoice choice = service ? answerer.choose(serviceName, q.qtype(), client, healthy)
        : EdgeChoice.NONE;
    Key key = new Key(qname, q.qtype(), choice.edges());
    Rendered rendered = cache.get(key);
    if (rendered == null) {
      rendered = render(q, service, choice, service ? locatedBy(source, subnet) : source);
      if (rendered == null) {
        return null;
      }
      if (cache.size() < MAX_ENTRIES) {
        cache.putIfAbsent(key, rendered);
      }
    }
    // RFC 7871 7.2.1: scope 0 unless the answer depended on the client (edges were chosen).
    int scope = choice.edges().isEmpty() ? 0 : client.scopePrefix();
    byte[] reply = patch(rendered.wire(), packet, offset, q, scope);
    if (reply.length > PacketResponder.limit(transport, q.edns(), q.payloadSize())) {
      return null; // the full path truncates properly
    }
    stats.reply(q.qtype(), rendered.rcode());
    if (!choice.edges().isEmpty()) {
      stats.geoAnswer(client.label(), choice);
    }
    return reply;
  }

  private static InetAddress locatedBy(InetAddress source, ClientSubnetOption subnet) {
    return subnet != null && subnet.getSourcePrefixLength() > 0 ? subnet.getAddress() : source;
  }

  /** Renders the reply to a canonical query (ID 0, no flags, lower case, no OPT), if cacheable. */
  private Rendered render(QueryScan q, boolean service, EdgeChoice choice, InetAddress at)
      throws IOException {
    Name name = new Name(new DNSInput(q.qnameLower()));
    if (!zone.contains(name) || !zone.exists(name)) {
      return null; // REFUSED and NXDOMAIN: unbounded names, not worth a cache slot
    }
    Message canonical = new Message(0);
    canonical.addRecord(Record.newRecord(name, q.qtype(), DClass.IN), Section.QUESTION);
    Set<EdgeSite> chosen = Set.copyOf(choice.edges());
    // With only the chosen edges "healthy", the renderer picks exactly them, even if health
    // changed since the choice was made.
    Message reply = renderer.answer(canonical, at, service ? chosen::contains : healthy);
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (!service && (zone.isService(r.getName()) || zone.isWhoami(r.getName()))) {
        return null; // a CNAME to the service: the answer depends on the client
      }
    }
    return new Rendered(reply.toWire(PacketResponder.MAX_TCP_SIZE), reply.getRcode());
  }

  private static byte[] patch(byte[] wire, byte[] packet, int offset, QueryScan q,
                              int scope) {
    byte[] address = q.ecsAddress();
    int optLength = !q.edns() ? 0
        : OPT_FIXED_LENGTH + (address == null ? 0 : ECS_FIXED_LENGTH + address.length);
    byte[] out = java.util.Arrays.copyOf(wire, wire.length + optLength);
    out[0] = packet[offset];
    out[1] = packet[offset + 1];
    out[2] |= (byte) (q.recursionDesired() ? 0x01 : 0);
    out[3] |= (byte) (q.checkingDisabled() ? 0x10 : 0);
    System.arraycopy(packet, offset + 12, out, 12, q.questionEnd() - 12); // question as sent
    if (q.edns()) {
      int arcount = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
      out[10] = (byte) (arcount >>> 8);
      out[11] = (byte) arcount;
      int o = wire.length;
      out[o + 1] = 0;
      out[o + 2] = 41; // root name (o), type OPT
      out[o + 3] = (byte) (QueryHandler.OUR_PAYLOAD_SIZE >>> 8);
      out[o + 4] = (byte) QueryHandler.OUR_PAYLOAD_SIZE;
      out[o + 7] = (byte) (q.dnssecOk() ? 0x80 : 0); // ext-rcode, version 0, DO copied
      int rdlength = optLength - OPT_FIXED_LENGTH;
      out[o + 9] = (byte) (rdlength >>> 8);
      out[o + 10] = (byte) rdlength;
      if (address != null) {
        int e = o + OPT_FIXED_LENGTH;
        out[e + 1] = 8; // option code ECS
        out[e + 3] = (byte) (4 + address.length);
        out[e + 5] = (byte) q.ecsFamily();
        out[e + 6] = (byte) q.ecsSourcePrefix();
        out[e + 7] = (byte) scope;
        System.arraycopy(address, 0, out, e + ECS_FIXED_LENGTH, address.length);
      }
    }
    return out;
  }

  /** The ECS option as dnsjava sees it, or null if absent or not representable. */
  private static ClientSubnetOption subnet(QueryScan q) throws IOException {
    if (q.ecsFamily() == 0) {
      return null;
    }
    byte[] full = java.util.Arrays.copyOf(q.ecsAddress(), q.ecsFamily() == 1 ? 4 : 16);
    InetAddress address = InetAddress.getByAddress(full);
    if (q.ecsFamily() == 2 && address instanceof Inet4Address) {
      return null; // an IPv4-mapped IPv6 subnet: leave the oddity to the full path
    }
    return new ClientSubnetOption(q.ecsSourcePrefix(), address);
  }
}
