package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of header fields with case-insensitive lookup; names are kept as
 * {@link HttpString} so a hit copies them into Undertow's response map without re-encoding.
 */
public record HeaderList(List<Field> fields) {

  /** One header field line. */
  public record Field(HttpString name, String value) {
    public Field {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }
  }

  public static final HeaderList EMPTY = new HeaderList(List.of());

  /** Undertow's constants for well-known field names, by lower-case name: stored entries share them. */
  private static final Map<String, HttpString> WELL_KNOWN = wellKnownNames();

  /** Heap bytes of one stored field besides its value's characters: the Field, the value's String and array. */
  static final int FIELD_OVERHEAD_BYTES = 64;

  /** Heap bytes of a field name of its own (not a shared constant): the HttpString, its bytes and String. */
  static final int NAME_OVERHEAD_BYTES = 72;

  public HeaderList {
    fields = List.copyOf(fields);
  }

  public static HeaderList of(String... namesAndValues) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      fields.add(new Field(new HttpString(namesAndValues[i]), namesAndValues[i + 1]));
    }
    return new HeaderList(fields);
  }

  public static HeaderList of(HeaderMap map) {
    List<Field> fields = new ArrayList<>();
    for (HeaderValues values : map) {
      for (String value : values) fields.add(new Field(values.getHeaderName(), value));
    }
    return new HeaderList(fields);
  }

  /** The first value of {@code name}, if any. */
  public Optional<String> first(HttpString name) {
    for (Field f : fields) if (f.name().equals(name)) return Optional.of(f.value());
    return Optional.empty();
  }

  public Optional<String> first(String name) {
    return first(new HttpString(name));
  }

  /** All values of {@code name} joined with ", " (the list form of RFC 9110 §5.3), or empty. */
  public Optional<String> joined(HttpString name) {
    String joined = null;
    for (Field f : fields) {
      if (f.name().equals(name)) joined = joined == null ? f.value() : joined + ", " + f.value();
    }
    return Optional.ofNullable(joined);
  }

  public boolean contains(HttpString name) {
    return first(name).isPresent();
  }

  /** The fields whose names satisfy {@code keep}. */
  public HeaderList filter(Predicate<HttpString> keep) {
    return new HeaderList(fields.stream().filter(f -> keep.test(f.name())).toList());
  }

  /** This list without the named fields. */
  public HeaderList without(Set<HttpString> names) {
    return filter(n -> !names.contains(n));
  }

  /**
   * This list updated by {@code update}: every field named in {@code update} is replaced by its values
   * there (how a 304 freshens a stored response, RFC 9111 §3.2), except {@code keep}.
   */
  public HeaderList updatedBy(HeaderList update, Set<HttpString> keep) {
    List<Field> merged = new ArrayList<>();
    for (Field f : fields) {
      if (keep.contains(f.name()) || !update.contains(f.name())) merged.add(f);
    }
    for (Field f : update.fields()) if (!keep.contains(f.name())) merged.add(f);
    return new HeaderList(merged);
  }

  /** Adds every field to {@code target}. */
  public void copyTo(HeaderMap target) {
    for (Field f : fields) target.add(f.name(), f.value());
  }

  /**
   * Heap bytes these fields take when stored (after {@link #withSharedNames()}) and none is shared with other
   * entries, within a few per cent; used to weigh cache entries, so that the cache's byte bound bounds its heap.
   */
  public int weight() {
    int w = 0;
    for (Field f : fields) w += weight(f);
    return w;
  }

  /** Heap bytes of one stored field: the Field, its value and its name unless that is one of Undertow's constants. */
  static int weight(Field f) {
    int w = FIELD_OVERHEAD_BYTES + f.value().length();
    if (wellKnown(f.name()) != f.name()) w += NAME_OVERHEAD_BYTES + 2 * f.name().length();
    return w;
  }

  /**
   * These fields with well-known names replaced by Undertow's shared constants ({@code Content-Type} for the
   * {@code content-type} an origin client hands over): a stored entry then holds no name objects of its own
   * for them, about 100 bytes less heap per field.
   */
  public HeaderList withSharedNames() {
    List<Field> shared = new ArrayList<>(fields.size());
    for (Field f : fields) {
      HttpString known = wellKnown(f.name());
      shared.add(known == null || known == f.name() ? f : new Field(known, f.value()));
    }
    return new HeaderList(shared);
  }

  /** Undertow's constant for {@code name} when it is a well-known field name, else null. */
  private static HttpString wellKnown(HttpString name) {
    return WELL_KNOWN.get(name.toString().toLowerCase(Locale.ROOT));
  }

  private static Map<String, HttpString> wellKnownNames() {
    Map<String, HttpString> names = new HashMap<>();
    for (java.lang.reflect.Field field : Headers.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == HttpString.class) {
        try {
          HttpString name = (HttpString) field.get(null);
          names.put(name.toString().toLowerCase(Locale.ROOT), name);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Map.copyOf(names);
  }
}
