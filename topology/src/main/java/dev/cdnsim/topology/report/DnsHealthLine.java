package dev.cdnsim.topology.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of the live view: which edges the geo-DNS names in its answers, so that a user who stops an edge watches
 * it leave them (and its users move) and, once it is back, return. Pure: the caller passes the snapshot.
 */
public final class DnsHealthLine {
  private DnsHealthLine() {}

  /**
   * The line for {@code healthy} (each probed edge: whether the geo-DNS holds it healthy), e.g. {@code edges in the
   * geo-DNS's answers: london, sao-paulo; left out: seoul}; empty while the geo-DNS is not running.
   */
  public static String render(Map<String, Boolean> healthy) {
    if (healthy.isEmpty()) return "";
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    healthy.forEach((edge, up) -> (up ? in : out).add(edge));
    String line = "edges in the geo-DNS's answers: " + (in.isEmpty() ? "none" : String.join(", ", in));
    return out.isEmpty() ? line : line + "; left out: " + String.join(", ", out)
        + (in.isEmpty() ? " (with none healthy it answers the nearest anyway)" : "");
  }
}
