package dev.cdnsim.geodns;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The content of a reply from the zone: rcode and sections, plus which edges were chosen (empty
 * when the name is not the geo service) for stats.
 */
record ZoneAnswer(int rcode, List<Record> answer, List<Record> authority, List<Record> additional,
                  EdgeChoice choice) {
  ZoneAnswer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  static ZoneAnswer positive(List<Record> answer, List<Record> additional, EdgeChoice choice) {
    return new ZoneAnswer(Rcode.NOERROR, answer, List.of(), additional, choice);
  }
}
