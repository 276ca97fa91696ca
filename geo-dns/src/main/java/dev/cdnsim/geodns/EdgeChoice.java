package dev.cdnsim.geodns;

import java.util.List;

/**
 * The edges to answer with, nearest first; {@code failedOpen} when none was healthy and the
 * nearest were taken anyway, because a possibly-dead edge beats no answer.
 */
record EdgeChoice(List<EdgeSite> edges, boolean failedOpen) {
  static final EdgeChoice NONE = new EdgeChoice(List.of(), false);

  EdgeChoice {
    edges = List.copyOf(edges);
  }
}
