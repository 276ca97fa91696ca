package dev.cdnsim.topology.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collects every problem of one config file, each as {@code file: $.json.path: what is wrong}, and converts
 * written values to typed ones along the way. A conversion that fails records a problem and returns empty,
 * so that checking goes on and the user sees every problem at once.
 */
final class Problems {
  private final String file;
  private final List<String> messages = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(String path, String message) {
    messages.add(file + ": " + path + ": " + message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  ConfigException exception() {
    return new ConfigException(messages);
  }

  /** The value, or empty with a problem when it is missing (null or blank). */
  <T> Optional<T> required(String path, T value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      add(path, "is required");
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** Converts {@code text} with {@code parse}; an {@link IllegalArgumentException}'s message becomes the problem. */
  <T> Optional<T> convert(String path, String text, Function<String, T> parse) {
    try {
      return Optional.of(parse.apply(text));
    } catch (IllegalArgumentException e) {
      add(path, e.getMessage());
      return Optional.empty();
    }
  }

  /** A number within {@code [min, max]}, or {@code fallback} when absent or (with a problem) outside them. */
  double between(String path, Double value, double min, double max, double fallback) {
    if (value == null) return fallback;
    if (value >= min && value <= max) return value;
    add(path, "must be between " + format(min) + " and " + format(max) + ", was " + format(value));
    return fallback;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** Parses {@code 127.0.1.1:8080} or {@code [::1]:8080}; only literal addresses, never host names. */
  static InetSocketAddress socketAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("must be address:port (like 127.0.1.1:8080), was \"" + text + "\"");
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (!host.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("must be an IP address and port, was \"" + text + "\"");
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number 0-65535, was \"" + text.substring(colon + 1) + "\"");
    }
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, was " + port);
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: \"" + host + "\"");
    }
  }
}
