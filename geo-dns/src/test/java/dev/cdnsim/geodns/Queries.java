package dev.cdnsim.geodns;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Builds queries and reads replies in tests. */
final class Queries {
  private Queries() {}

  static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
  }

  /** The query with an OPT record (version 0, payload 1232) carrying {@code options}. */
  static Message withEdns(Message query, EDNSOption... options) {
    query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    return query;
  }

  static Message withEcs(Message query, String address, int sourcePrefix) {
    return withEdns(query, new ClientSubnetOption(sourcePrefix, DefaultTopology.ip(address)));
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The rdata of each record of a section, as text ("127.0.1.1"). */
  static List<String> rdata(Message reply, int section) {
    return reply.getSection(section).stream().map(Record::rdataToString)
        .collect(Collectors.toList());
  }

  static ClientSubnetOption echoedSubnet(Message reply) {
    return (ClientSubnetOption) reply.getOPT()
        .getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
  }
}
