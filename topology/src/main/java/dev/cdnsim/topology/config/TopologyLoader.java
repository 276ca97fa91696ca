package dev.cdnsim.topology.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Reads a topology file into a validated {@link TopologyPlan}, reporting every problem at once with the file
 * name and JSON path ({@code topology.json: $.edges[2].location.lat: must be between -90 and 90}).
 */
public final class TopologyLoader {
  /** The embedded default topology (three edges, two origin replicas, three user regions). */
  public static final String DEFAULT_RESOURCE = "/dev/cdnsim/topology/default-topology.json";
  private static final String DEFAULT_NAME = "default-topology.json (embedded)";

  private final ObjectMapper json = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The embedded default topology. */
  public TopologyPlan loadDefault() {
    try (InputStream in = TopologyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      return parse(DEFAULT_NAME, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException("the embedded default topology is invalid:\n" + e.getMessage(), e);
    }
  }

  /** The bytes of the embedded default topology, for users who want a file to start from. */
  public static byte[] defaultBytes() throws IOException {
    try (InputStream in = TopologyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return in.readAllBytes();
    }
  }

  /** Reads and validates {@code file}. */
  public TopologyPlan load(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), bytes);
  }

  /** Validates the JSON {@code bytes}; {@code name} is used in messages. */
  public TopologyPlan parse(String name, byte[] bytes) throws ConfigException {
    TopologyFile file;
    try {
      file = json.readValue(bytes, TopologyFile.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(jsonProblem(name, e)));
    } catch (IOException e) {
      throw new ConfigException(List.of(name + ": cannot read: " + e.getMessage()));
    }
    if (file == null) throw new ConfigException(List.of(name + ": $: is empty"));
    Problems problems = new Problems(name);
    TopologyPlan plan;
    try {
      plan = new PlanBuilder(problems).build(name, file);
    } catch (IllegalArgumentException e) {
      // A value the builder let through that a part's own constructor refuses: still the file's problem, said as
      // one (after any already found, which usually caused it) rather than shown as a stack trace.
      if (problems.isEmpty()) problems.add("$", e.getMessage());
      throw problems.exception();
    }
    if (!problems.isEmpty()) throw problems.exception();
    return plan;
  }

  /**
   * A JSON file's problem in one line that names the file {@code name} and the field ({@code $.edges[0].cache}) or,
   * for broken syntax, the line and column; in a person's words ({@link #mappingProblem}).
   */
  public static String jsonProblem(String name, JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping) {
      if (mapping.getCause() instanceof JsonProcessingException syntax) return jsonProblem(name, syntax);
      return name + ": " + path(mapping) + ": " + mappingProblem(mapping);
    }
    var where = e.getLocation();
    String at = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
    // Jackson points at an unclosed object with "(start marker at [Source: REDACTED (...); line: 3, column: 15])".
    String message = e.getOriginalMessage().split("\n")[0]
        .replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)]\\)", "(opened at line $1, column $2)");
    return name + ": " + at + message;
  }

  /**
   * Jackson's mapping errors in a person's words: an unknown field with the ones that belong there, a value of the
   * wrong JSON type with the type wanted; others as Jackson says them, without class names.
   */
  static String mappingProblem(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      return "unknown field \"" + unknown.getPropertyName() + "\"" + (known.isEmpty() ? "" : "; the fields here are "
          + String.join(", ", known));
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Matcher found = FOUND.matcher(e.getOriginalMessage());
      String what = mismatch instanceof InvalidFormatException invalid ? ", found '" + invalid.getValue() + "'"
          : !found.find() ? ""
          : found.group(2) != null ? ", found " + found.group(2)
          : ", found " + switch (found.group(1)) {
            case "String" -> "a string";
            case "Number", "Integer" -> "a number";
            case "Boolean" -> "true or false";
            case "Array" -> "a list";
            default -> "an object";
          };
      return "expected " + jsonType(mismatch.getTargetType()) + what;
    }
    return e.getOriginalMessage().split("\n")[0].replaceAll("`?[a-z]+(\\.[a-z]+)+\\.([A-Za-z$]+)`?", "$2");
  }

  /** "from String value ('lots')", "from Array value (token ...)" in Jackson's messages: the value, or its kind. */
  private static final Pattern FOUND = Pattern.compile("from (String|Number|Integer|Boolean|Array|Object) value"
      + "(?: \\(('[^']*')\\))?");

  private static String jsonType(Class<?> type) {
    if (type == String.class) return "a string";
    if (type == boolean.class || type == Boolean.class) return "true or false";
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "a list [...]";
    return "an object {...}";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
      else if (ref.getFieldName() != null) path.append('.').append(ref.getFieldName());
    }
    return path.toString();
  }
}
