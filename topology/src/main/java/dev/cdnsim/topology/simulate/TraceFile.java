package dev.cdnsim.topology.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a request trace in text form: one request per line, {@code timestamp object size},
 * separated by white space; {@code #} starts a comment and blank lines are skipped. The object is
 * any token; a request for a known object with a different size is a new version of it, hence a
 * new key. Timestamps must be numbers; they are checked but replay is in trace order.
 */
final class TraceFile {
  private final Map<String, Integer> keyOfObject = new HashMap<>();
  private int[] keys = new int[1 << 16];
  private int[] sizes = new int[1 << 12];
  private int requests;
  private int keyCount;

  private TraceFile() {}

  /** Parses {@code file}; a malformed line fails with its file name and line number. */
  static Trace read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      return read(reader, file.toString());
    }
  }

  /** Parses the lines of {@code reader}; {@code name} labels errors. */
  static Trace read(BufferedReader reader, String name) throws IOException {
    TraceFile trace = new TraceFile();
    int lineNumber = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNumber++;
      int comment = line.indexOf('#');
      String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] fields = content.split("\\s+");
      if (fields.length != 3) {
        throw malformed(name, lineNumber, "expected 'timestamp object size', found " + fields.length + " fields");
      }
      long size;
      try {
        Double.parseDouble(fields[0]);
        size = Long.parseLong(fields[2]);
      } catch (NumberFormatException e) {
        throw malformed(name, lineNumber, "timestamp and size must be numbers: " + content);
      }
      if (size < 0 || size > Integer.MAX_VALUE) {
        throw malformed(name, lineNumber, "size must lie in 0..2147483647: " + size);
      }
      trace.add(fields[1], Trace.cacheableSize(size));
    }
    return new Trace(Arrays.copyOf(trace.keys, trace.requests), Arrays.copyOf(trace.sizes, trace.keyCount));
  }

  private void add(String object, int size) {
    Integer known = keyOfObject.get(object);
    int key;
    if (known != null && sizes[known] == size) {
      key = known;
    } else {
      key = keyCount++;
      if (key == sizes.length) {
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
      }
      sizes[key] = size;
      keyOfObject.put(object, key);
    }
    if (requests == keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    keys[requests++] = key;
  }

  private static IllegalArgumentException malformed(String name, int line, String why) {
    return new IllegalArgumentException(name + ":" + line + ": " + why);
  }
}
