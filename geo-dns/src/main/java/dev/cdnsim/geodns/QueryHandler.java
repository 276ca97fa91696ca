package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a parsed query into the authoritative reply (pure: no I/O, no clock). Checks the message
 * shape and EDNS (RFC 6891), places the client (ECS, RFC 7871), and asks the zone.
 */
final class QueryHandler {
  /** What we advertise: the DNS Flag Day 2020 size that avoids IP fragmentation. */
  static final int OUR_PAYLOAD_SIZE = 1232;

  private final GeoZone zone;
  private final ZoneAnswerer answerer;
  private final ClientLocator locator;
  private final Predicate<EdgeSite> healthy;
  private final QueryStats stats;

  QueryHandler(GeoZone zone, ZoneAnswerer answerer, ClientLocator locator,
               Predicate<EdgeSite> healthy, QueryStats stats) {
    this.zone = requireNonNull(zone, "zone");
    this.answerer = requireNonNull(answerer, "answerer");
    this.locator = requireNonNull(locator, "locator");
    this.healthy = requireNonNull(healthy, "healthy");
    this.stats = requireNonNull(stats, "stats");
  }

  /** Wires a handler for {@code config} (its policies, geo map and default location); no edge is over capacity. */
  static QueryHandler forConfig(GeoDnsConfig config, GeoZone zone, Predicate<EdgeSite> healthy,
                                QueryStats stats) {
    return new QueryHandler(zone,
        ZoneAnswerer.forConfig(config, zone, e -> false, ThreadLocalRandom::current),
        new ClientLocator(new GeoMap(config.geoMap()), config.defaultLocation()), healthy, stats);
  }

  /** Returns the reply to {@code query}, which came from {@code source}; never throws on content. */
  Message answer(Message query, InetAddress source) {
    return answer(query, source, healthy);
  }

  /** As {@link #answer(Message, InetAddress)}, with another view of which edges are healthy. */
  Message answer(Message query, InetAddress source, Predicate<EdgeSite> healthy) {
    Header header = query.getHeader();
    Message reply = new Message(header.getID());
    Header out = reply.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(header.getOpcode());
    copyFlag(header, out, Flags.RD);
    copyFlag(header, out, Flags.CD);
    Record question = query.getQuestion();
    int qtype = question == null ? -1 : question.getType();
    if (header.getCount(Section.QUESTION) == 1) {
      reply.addRecord(question, Section.QUESTION);
    }
    if (header.getOpcode() != Opcode.QUERY) {
      return finish(reply, query, qtype, Rcode.NOTIMP, null);
    }
    List<OPTRecord> opts = query.getSection(Section.ADDITIONAL).stream()
        .filter(OPTRecord.class::isInstance).map(OPTRecord.class::cast).toList();
    OPTRecord opt = opts.isEmpty() ? null : opts.get(0);
    if (header.getCount(Section.QUESTION) != 1 || header.getCount(Section.ANSWER) != 0
        || header.getCount(Section.AUTHORITY) != 0 || opts.size() > 1
        || (opt != null && !opt.getName().equals(Name.root))) {
      return finish(reply, query, qtype, Rcode.FORMERR, null);
    }
    if (opt != null && opt.getVersion() > 0) {
      return finish(reply, query, qtype, Rcode.BADVERS, null);
    }
    List<EDNSOption> subnets = opt == null ? List.of()
        : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    if (subnets.size() > 1 || (subnets.size() == 1
        && !(subnets.get(0) instanceof ClientSubnetOption))) {
      return finish(reply, query, qtype, Rcode.FORMERR, null); // RFC 7871 7.1.1
    }
    ClientSubnetOption subnet = subnets.isEmpty() ? null : (ClientSubnetOption) subnets.get(0);
    Name qname = question.getName();
    if (!Type.isRR(qtype) && qtype != Type.ANY) {
      // OPT, TSIG and friends are not questions; AXFR/IXFR: we do not transfer this zone.
      int rcode = qtype == Type.AXFR || qtype == Type.IXFR ? Rcode.REFUSED : Rcode.FORMERR;
      return finish(reply, query, qtype, rcode, null);
    }
    if ((question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)
        || !zone.contains(qname)) {
      return finish(reply, query, qtype, Rcode.REFUSED, null);
    }
    ClientLocation client = locator.locate(source, subnet);
    ZoneAnswer answer = answerer.answer(qname, qtype, client, healthy);
    out.setFlag(Flags.AA);
    answer.answer().forEach(r -> reply.addRecord(r, Section.ANSWER));
    answer.authority().forEach(r -> reply.addRecord(r, Section.AUTHORITY));
    answer.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
    if (!answer.choice().edges().isEmpty()) {
      stats.geoAnswer(client.label(), answer.choice());
    }
    ClientSubnetOption echo = null;
    if (subnet != null) {
      // RFC 7871 7.2.1: scope 0 says "the same for every client", true unless edges were chosen.
      int scope = answer.choice().edges().isEmpty() ? 0 : client.scopePrefix();
      echo = new ClientSubnetOption(subnet.getSourcePrefixLength(), scope, subnet.getAddress());
    }
    return finish(reply, query, qtype, answer.rcode(), echo);
  }

  /** Sets the rcode, adds an OPT iff the query had one (with {@code echo}), counts the reply. */
  private Message finish(Message reply, Message query, int qtype, int rcode,
                         ClientSubnetOption echo) {
    reply.getHeader().setRcode(rcode & 0xF);
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      int flags = opt.getFlags() & ExtendedFlags.DO; // RFC 3225: DO is copied to the reply
      List<EDNSOption> options = echo == null ? List.of() : List.of(echo);
      reply.addRecord(new OPTRecord(OUR_PAYLOAD_SIZE, rcode >>> 4, 0, flags, options),
          Section.ADDITIONAL);
    }
    stats.reply(qtype, rcode);
    return reply;
  }

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }
}
