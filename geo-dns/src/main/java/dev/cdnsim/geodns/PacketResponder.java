package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Turns query bytes into reply bytes, or null when the packet must be dropped (shorter than a
 * header, or itself a response). Anything unparsable gets a header-only FORMERR; a bug gets
 * SERVFAIL; nothing is thrown, so a receive loop survives any packet.
 */
final class PacketResponder {
  private static final System.Logger LOG = System.getLogger(PacketResponder.class.getName());
  static final int HEADER_LENGTH = 12;
  /** RFC 1035 4.2.1: without EDNS a UDP reply is at most 512 bytes. */
  static final int CLASSIC_UDP_SIZE = 512;
  /** We honour a client's larger buffer only up to this; beyond it fragments get likely. */
  static final int MAX_UDP_SIZE = 4096;
  static final int MAX_TCP_SIZE = 65535;
  /** TC in the third header byte (QR, opcode, AA, TC, RD). */
  private static final int TC_BIT = 0x02;

  /** How a reply travels, which bounds its size. */
  enum Transport { UDP, TCP }

  private final QueryHandler handler;
  private final PreparedAnswers prepared;
  private final QueryStats stats;

  /** A responder answering every query on the full path (dnsjava parse, handler, render). */
  PacketResponder(QueryHandler handler, QueryStats stats) {
    this(handler, null, stats);
  }

  /** A responder trying {@code prepared} first; null for none. */
  PacketResponder(QueryHandler handler, PreparedAnswers prepared, QueryStats stats) {
    this.handler = requireNonNull(handler, "handler");
    this.prepared = prepared;
    this.stats = requireNonNull(stats, "stats");
  }

  /** As the full form, with no edge over capacity and thread-local randomness. */
  static PacketResponder forConfig(GeoDnsConfig config, GeoZone zone,
                                   Predicate<EdgeSite> healthy, QueryStats stats) {
    return forConfig(config, zone, healthy, e -> false, ThreadLocalRandom::current, stats);
  }

  /** Wires the policies of {@code config}, with the pre-rendered fast path in front. */
  static PacketResponder forConfig(GeoDnsConfig config, GeoZone zone,
                                   Predicate<EdgeSite> healthy, Predicate<EdgeSite> overCapacity,
                                   Supplier<RandomGenerator> random, QueryStats stats) {
    ZoneAnswerer answerer = ZoneAnswerer.forConfig(config, zone, overCapacity, random);
    ClientLocator locator =
        new ClientLocator(new GeoMap(config.geoMap()), config.defaultLocation());
    return new PacketResponder(new QueryHandler(zone, answerer, locator, healthy, stats),
        new PreparedAnswers(zone, answerer, locator, healthy, stats), stats);
  }

  /** Returns the reply to {@code packet[offset, offset+length)} from {@code source}, or null. */
  byte[] respond(byte[] packet, int offset, int length, InetAddress source, Transport transport) {
    if (length < HEADER_LENGTH || (packet[offset + 2] & 0x80) != 0) {
      stats.dropped(); // unreadable header, or a response: answering could start a loop
      return null;
    }
    if (prepared != null) {
      try {
        byte[] fast = prepared.respond(packet, offset, length, source, transport);
        if (fast != null) {
          return fast;
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "fast path failed; answering on the full path", e);
      }
    }
    Message query;
    try {
      query = new Message(ByteBuffer.wrap(packet, offset, length));
    } catch (IOException | RuntimeException e) {
      return formerr(packet, offset);
    }
    if (!wellFormed(query, length)) {
      return formerr(packet, offset);
    }
    byte[] wire;
    try {
      wire = handler.answer(query, source).toWire(limit(query, transport));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "bug answering query " + query.getQuestion() + "; SERVFAIL", e);
      stats.reply(-1, Rcode.SERVFAIL);
      return headerOnly(packet, offset, Rcode.SERVFAIL);
    }
    if (transport == Transport.UDP && (wire[2] & TC_BIT) != 0) {
      stats.truncated();
    }
    return wire;
  }

  /**
   * Checks what dnsjava lets through: every byte consumed (no trailing junk) and every counted
   * record present (a query with TC set is parsed leniently, stopping silently at an error).
   */
  private static boolean wellFormed(Message query, int length) {
    if (query.numBytes() != length) {
      return false;
    }
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      if (query.getSection(section).size() != query.getHeader().getCount(section)) {
        return false;
      }
    }
    return true;
  }

  private static int limit(Message query, Transport transport) {
    OPTRecord opt = query.getOPT();
    return limit(transport, opt != null, opt == null ? 0 : opt.getPayloadSize());
  }

  /** The largest reply allowed: 64 KiB on TCP; on UDP 512, or the client's EDNS size. */
  static int limit(Transport transport, boolean edns, int payloadSize) {
    if (transport == Transport.TCP) {
      return MAX_TCP_SIZE;
    }
    return edns ? Math.max(CLASSIC_UDP_SIZE, Math.min(MAX_UDP_SIZE, payloadSize))
        : CLASSIC_UDP_SIZE;
  }

  private byte[] formerr(byte[] packet, int offset) {
    stats.reply(-1, Rcode.FORMERR);
    return headerOnly(packet, offset, Rcode.FORMERR);
  }

  /** A reply of just a header: the query's ID, opcode and RD, with {@code rcode}. */
  private static byte[] headerOnly(byte[] packet, int offset, int rcode) {
    byte[] reply = new byte[HEADER_LENGTH];
    reply[0] = packet[offset];
    reply[1] = packet[offset + 1];
    int opcodeAndRd = packet[offset + 2] & 0x79; // opcode bits and RD
    reply[2] = (byte) (0x80 | opcodeAndRd);
    reply[3] = (byte) rcode;
    return reply;
  }
}
