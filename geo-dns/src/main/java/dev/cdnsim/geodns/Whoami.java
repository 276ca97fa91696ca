package dev.cdnsim.geodns;

import java.util.List;

/** Renders what the server saw of a client as TXT strings, for {@code dig TXT whoami.<zone>}. */
final class Whoami {
  private Whoami() {}

  static List<String> describe(ClientLocation client, EdgeChoice choice) {
    String ecs = client.subnet() == null ? "none"
        : client.subnet().getAddress().getHostAddress() + "/"
            + client.subnet().getSourcePrefixLength() + " scope " + client.scopePrefix();
    String edges = choice.edges().isEmpty() ? "none"
        : String.join(",", choice.edges().stream()
            .map(e -> e.id() + "=" + e.address().getHostAddress()).toList());
    return List.of(
        "source " + client.source().getHostAddress(),
        "ecs " + ecs,
        "location " + client.label() + " " + client.location(),
        "edge " + edges + (choice.failedOpen() ? " (failed open: no healthy edge)" : ""));
  }
}
