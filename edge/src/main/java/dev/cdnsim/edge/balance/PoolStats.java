package dev.cdnsim.edge.balance;

import java.util.List;

/**
 * A pool's counters.
 *
 * @param panics        selections made in panic mode (no eligible replica, all tried anyway)
 * @param unavailable   selections that found no replica (answered 502)
 * @param retries       retries granted by the budget
 * @param retriesDenied retries refused because the budget was spent
 */
public record PoolStats(String name, String algorithm, String affinity, long panics, long unavailable, long retries,
    long retriesDenied, List<ReplicaStats> replicas) {
  public PoolStats {
    replicas = List.copyOf(replicas);
  }

  /** The stats as a JSON object, for {@code /_edge/stats}. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"name\":\"").append(quote(name)).append("\",\"algorithm\":\"").append(algorithm)
        .append("\",\"affinity\":\"").append(quote(affinity)).append("\",\"panics\":").append(panics)
        .append(",\"unavailable\":").append(unavailable).append(",\"retries\":").append(retries)
        .append(",\"retriesDenied\":").append(retriesDenied).append(",\"replicas\":[");
    for (int i = 0; i < replicas.size(); i++) {
      ReplicaStats r = replicas.get(i);
      if (i > 0) b.append(',');
      b.append("{\"id\":\"").append(quote(r.id())).append("\",\"base\":\"").append(quote(r.base().toString())).append("\",\"weight\":")
          .append(r.weight()).append(",\"state\":\"").append(r.state()).append("\",\"active\":").append(r.active())
          .append(",\"requests\":").append(r.requests()).append(",\"failures\":").append(r.failures())
          .append(",\"healthChanges\":").append(r.healthChanges()).append(",\"ejections\":").append(r.ejections())
          .append('}');
    }
    return b.append("]}").toString();
  }

  /** {@code s} with JSON's special characters escaped. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
