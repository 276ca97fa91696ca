package dev.cdnsim.topology.config;

import java.util.List;

/** A topology file that cannot be used; carries every problem found, each naming the file and the JSON path. */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
