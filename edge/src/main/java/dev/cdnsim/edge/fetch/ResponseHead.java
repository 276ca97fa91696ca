package dev.cdnsim.edge.fetch;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The head of a replica's HTTP/1.x answer, parsed from its bytes (RFC 9112 §4, §5), and how its body is framed
 * (§6.3). Pure: no I/O, so every rule is tested on bytes ({@code ResponseHeadTest}).
 *
 * <p>The fields are kept as received, in order: the head's bytes, where each field's name and value lie in them, and
 * the names, with no map to build, as this runs for every passed answer. The names of common fields are the
 * {@link Headers} constants, so that looking them up compares references. A value becomes a {@code String} when it
 * is first asked for: a passed answer's fields go to the client as the bytes they came as ({@link #putField}).
 */
final class ResponseHead {
  /** Field names that come back as {@link Headers} constants rather than new objects. */
  private static final HttpString[] COMMON = {Headers.DATE, Headers.SERVER, Headers.CONTENT_TYPE,
      Headers.CONTENT_LENGTH, Headers.LAST_MODIFIED, Headers.ETAG, Headers.CACHE_CONTROL, Headers.ACCEPT_RANGES,
      Headers.CONNECTION, Headers.KEEP_ALIVE, Headers.EXPIRES, Headers.VARY, Headers.SET_COOKIE, Headers.LOCATION,
      Headers.CONTENT_LOCATION, Headers.TRANSFER_ENCODING, Headers.CONTENT_ENCODING, Headers.CONTENT_RANGE,
      Headers.AGE, Headers.X_CONTENT_TYPE_OPTIONS, Headers.STRICT_TRANSPORT_SECURITY};

  private final int status;
  private final boolean http11;
  /** The head's bytes, a copy: the reader's buffer takes the next answer. */
  private final byte[] bytes;
  private final HttpString[] names;
  /** Where field {@code i} lies in {@link #bytes}: {@code spans[3i]} its line's start, then its value's start and end. */
  private final int[] spans;
  /** The values made so far; a folded value is made at once (see {@link #folded}). */
  private final String[] values;
  private final int count;
  /** Whether a value was continued on another line (obs-fold): its bytes are then not the value. */
  private final boolean folded;
  /** The body's declared length ({@code Content-Length}, checked), or -1. */
  private final long length;
  /** {@link #length} as the digits the replica sent, or null. */
  private final String lengthDigits;
  /** The last {@code Transfer-Encoding} value, or null. */
  private final String transferEncoding;
  /** Whether {@code Connection} says {@code close}. */
  private final boolean close;
  /** The fields {@code Connection} names, hop-by-hop in this answer. */
  private final Set<HttpString> connectionNamed;

  /** How the body after the head ends. */
  enum Framing {
    /** No body: an answer to HEAD, a 1xx, 204 or 304. */
    NONE,
    /** {@code Content-Length} bytes. */
    LENGTH,
    /** Chunked transfer coding, ended by its last chunk. */
    CHUNKED,
    /** Up to the replica closing the connection. */
    UNTIL_CLOSE
  }

  /** A head that breaks HTTP/1.1's syntax: a proxy must not forward it (RFC 9112 §6.3: 502). */
  static final class MalformedException extends java.io.IOException {
    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Where the head in {@code b[from, to)} ends: the index just past its empty line, or -1 while it has not come
   * whole. A bare LF ends a line too (RFC 9112 §2.2).
   */
  static int end(byte[] b, int from, int to) {
    for (int i = ControlBytes.indexOfLf(b, Math.max(from, 1), to); i >= 0; i = ControlBytes.indexOfLf(b, i + 1, to)) {
      if (b[i - 1] == '\n' || (b[i - 1] == '\r' && i >= 2 && b[i - 2] == '\n')) return i + 1;
    }
    return -1;
  }

  private ResponseHead(int status, boolean http11, byte[] bytes, HttpString[] names, int[] spans, String[] values,
      int count, boolean folded) throws MalformedException {
    this.status = status;
    this.http11 = http11;
    this.bytes = bytes;
    this.names = names;
    this.spans = spans;
    this.values = values;
    this.count = count;
    this.folded = folded;
    // One pass over the fields for what framing and the connection depend on. The names of these fields are always
    // the Headers constants (see name()), whatever their case, so a reference comparison finds them.
    String digits = null;
    String te = null;
    List<String> connection = List.of();
    for (int i = 0; i < count; i++) {
      HttpString name = names[i];
      if (name == Headers.CONTENT_LENGTH) {
        digits = checkedLength(value(i), digits);
      } else if (name == Headers.TRANSFER_ENCODING) {
        te = value(i);
      } else if (name == Headers.CONNECTION) {
        String v = value(i);
        if (v.equalsIgnoreCase("keep-alive")) continue;   // the usual value: neither close nor a field named
        if (connection.isEmpty()) connection = new ArrayList<>(2);
        connection.add(v);
      }
    }
    this.lengthDigits = digits;
    this.length = digits == null ? -1 : Long.parseLong(digits);
    this.transferEncoding = te;
    this.close = saysClose(connection);
    this.connectionNamed = HopByHop.named(connection);
  }

  /**
   * Parses the head in {@code b[0, end)}, {@code end} as {@link #end} found it, of an answer to a request that did
   * not ask to switch protocols.
   */
  static ResponseHead parse(byte[] head, int end) throws MalformedException {
    return parse(head, end, false);
  }

  /**
   * Parses the head in {@code b[0, end)} of an answer to a request that asked to switch protocols ({@code
   * switchAsked}) or did not: a 101 to one that did not is malformed.
   */
  static ResponseHead parse(byte[] head, int end, boolean switchAsked) throws MalformedException {
    byte[] b = Arrays.copyOf(head, end);
    int stop = lineStop(b, 0, end);
    int status = statusLine(b, stop);
    if (status == 101 && !switchAsked) throw new MalformedException("101 Switching Protocols, never asked for");
    boolean http11 = b[7] >= '1';
    HttpString[] names = new HttpString[16];
    int[] spans = new int[48];
    String[] values = new String[16];
    int count = 0;
    boolean folded = false;
    for (int line = nextLine(b, stop); ; line = nextLine(b, stop)) {
      stop = lineStop(b, line, end);
      if (stop == line) break;   // the empty line
      if (b[line] == ' ' || b[line] == '\t') {
        if (count == 0) throw new MalformedException("a folded line before any field");
        // obs-fold: a proxy replaces it with one space (RFC 9112 §5.2).
        String first = values[count - 1] != null ? values[count - 1] : value(b, spans, count - 1);
        values[count - 1] = (first + " " + trimmed(b, line, stop)).strip();
        folded = true;
        continue;
      }
      int colon = line;
      while (colon < stop && TokenChars.contains(b[colon] & 0xff)) colon++;
      if (colon < stop && b[colon] != ':') throw new MalformedException("a field name with a character that is not allowed");
      if (colon == stop || colon == line) throw new MalformedException("a field line without a name and a colon");
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        spans = Arrays.copyOf(spans, count * 6);
        values = Arrays.copyOf(values, count * 2);
      }
      names[count] = name(b, line, colon - line);
      int from = colon + 1;
      int to = stop;
      while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
      while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
      spans[3 * count] = line;
      spans[3 * count + 1] = from;
      spans[3 * count + 2] = to;
      count++;
    }
    return new ResponseHead(status, http11, b, names, spans, values, count, folded);
  }

  /**
   * Whether this is an interim answer (100 Continue, 103 Early Hints) with the final one still to follow. A 101 (only
   * parsed when asked for) is final: the connection switches protocols after it.
   */
  boolean interim() {
    return status < 200 && status != 101;
  }

  int status() {
    return status;
  }

  /** Whether the replica spoke HTTP/1.1 (or a later 1.x); HTTP/1.0 connections are not kept. */
  boolean http11() {
    return http11;
  }

  /** How many field lines the head has. */
  int size() {
    return count;
  }

  HttpString name(int i) {
    return names[i];
  }

  /** The value of field line {@code i}, an obsolete line folding replaced by one space. */
  String value(int i) {
    String v = values[i];
    return v != null ? v : (values[i] = value(bytes, spans, i));
  }

  /** The first value of {@code name}, or null. */
  String first(HttpString name) {
    for (int i = 0; i < count; i++) if (same(names[i], name)) return value(i);
    return null;
  }

  /** Whether the head has a {@code name} field. */
  boolean has(HttpString name) {
    for (int i = 0; i < count; i++) if (same(names[i], name)) return true;
    return false;
  }

  /** Whether the field lines can go on as received ({@link #putField}): no value was folded over lines. */
  boolean verbatim() {
    return !folded;
  }

  /** At most how many bytes {@link #putField} writes for all the fields together. */
  int fieldBytes() {
    return bytes.length + 2 * count;   // a line may gain a space after its colon, and a CR before its LF
  }

  /**
   * Puts field line {@code i} into {@code out} as {@code name: value CR LF}, its name as received and its value
   * without the whitespace around it. Only when {@link #verbatim}.
   */
  void putField(int i, ByteBuffer out) {
    int from = spans[3 * i + 1];
    out.put(bytes, spans[3 * i], names[i].length()).put((byte) ':').put((byte) ' ')
        .put(bytes, from, spans[3 * i + 2] - from).put((byte) '\r').put((byte) '\n');
  }

  /** The fields named in {@code Connection}: hop-by-hop in this answer, besides the usual ones. */
  Set<HttpString> connectionNamed() {
    return connectionNamed;
  }

  /** Every value of {@code name}, in order. */
  List<String> all(HttpString name) {
    List<String> all = null;
    for (int i = 0; i < count; i++) {
      if (!same(names[i], name)) continue;
      if (all == null) all = new ArrayList<>(2);
      all.add(value(i));
    }
    return all == null ? List.of() : all;
  }

  /** Field names equal, ignoring case; the cached hash codes first, as {@code equals} compares bytes at once. */
  private static boolean same(HttpString a, HttpString b) {
    return a == b || (a.hashCode() == b.hashCode() && a.equals(b));
  }

  /** {@link #COMMON} by length: a name is compared with the few of its own length only. */
  private static final HttpString[][] COMMON_BY_LENGTH = byLength(COMMON);

  private static HttpString[][] byLength(HttpString[] names) {
    int longest = 0;
    for (HttpString n : names) longest = Math.max(longest, n.length());
    HttpString[][] by = new HttpString[longest + 1][0];
    for (HttpString n : names) {
      HttpString[] same = Arrays.copyOf(by[n.length()], by[n.length()].length + 1);
      same[same.length - 1] = n;
      by[n.length()] = same;
    }
    return by;
  }

  /** The name in {@code b[from, from + length)}: a {@link Headers} constant when it is a common one. */
  private static HttpString name(byte[] b, int from, int length) {
    if (length < COMMON_BY_LENGTH.length) {
      for (HttpString common : COMMON_BY_LENGTH[length]) if (sameIgnoringCase(common, b, from)) return common;
    }
    return new HttpString(b, from, length);
  }

  private static boolean sameIgnoringCase(HttpString name, byte[] b, int from) {
    for (int i = 0, n = name.length(); i < n; i++) {
      int x = name.byteAt(i);
      int y = b[from + i];
      if (x != y && (x | 0x20) != (y | 0x20)) return false;
    }
    return true;
  }

  /**
   * The status code of {@code HTTP/1.x NNN reason}, in {@code b[0, stop)}: 100 to 999 (RFC 9110 §15).
   */
  private static int statusLine(byte[] b, int stop) throws MalformedException {
    if (stop < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
        || b[6] != '.' || !digit(b[7]) || b[8] != ' ' || !digit(b[9]) || !digit(b[10]) || !digit(b[11])
        || (stop > 12 && b[12] != ' ')) {
      throw new MalformedException("not an HTTP/1.x status line");
    }
    int status = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    if (status < 100) throw new MalformedException("status " + status + ", below 100");
    return status;
  }

  /**
   * The digits of one Content-Length {@code value} (without whitespace around it), checked against the digits
   * {@code seen} in an earlier one: it must be one number, or the same number repeated (RFC 9110 §8.6).
   */
  private static String checkedLength(String value, String seen) throws MalformedException {
    if (value.indexOf(',') < 0) return oneLength(value, value, seen);
    for (String one : value.split(",", -1)) seen = oneLength(one.strip(), value, seen);
    return seen;
  }

  /** {@code n}, one number of the Content-Length {@code value}, checked against the one {@code seen} before. */
  private static String oneLength(String n, String value, String seen) throws MalformedException {
    if (n.isEmpty() || n.length() > 18 || !allDigits(n)) {
      throw new MalformedException("a Content-Length that is not a number: " + value);
    }
    if (seen != null && !seen.equals(n)) throw new MalformedException("two different Content-Length values");
    return n;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  private static boolean saysClose(List<String> connection) {
    for (String v : connection) {
      if (v.equalsIgnoreCase("keep-alive")) continue;
      for (String token : v.split(",")) if (token.strip().equalsIgnoreCase("close")) return true;
    }
    return false;
  }

  /** The body's framing for an answer to {@code method} (RFC 9112 §6.3). */
  Framing framing(HttpString method) {
    if (method.equals(Methods.HEAD) || status < 200 || status == 204 || status == 304) return Framing.NONE;
    if (transferEncoding != null) {
      return lastCoding(transferEncoding).equalsIgnoreCase("chunked") ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
    }
    return length >= 0 ? Framing.LENGTH : Framing.UNTIL_CLOSE;
  }

  /** The body's length when {@link #framing} is {@code LENGTH}; -1 when no length governs it. */
  long contentLength() {
    return transferEncoding != null ? -1 : length;
  }

  /** {@link #contentLength()} in digits, as the replica sent them (one of them when repeated); null when -1. */
  String contentLengthDigits() {
    return transferEncoding != null ? null : lengthDigits;
  }

  /**
   * Whether the connection may carry another request after this answer: HTTP/1.1 without {@code Connection:
   * close}, and a body whose end is known without the connection closing. A message with both Transfer-Encoding
   * and Content-Length may be an attempt at smuggling: its connection is closed after it (RFC 9112 §6.3).
   */
  boolean keepsConnection(HttpString method) {
    if (!http11 || close || (transferEncoding != null && length >= 0)) return false;
    return framing(method) != Framing.UNTIL_CLOSE;
  }

  private static String lastCoding(String te) {
    int comma = te.lastIndexOf(',');
    return (comma < 0 ? te : te.substring(comma + 1)).strip();
  }

  /** The value of field {@code i} as {@code spans} place it in {@code b}. */
  private static String value(byte[] b, int[] spans, int i) {
    return new String(b, spans[3 * i + 1], spans[3 * i + 2] - spans[3 * i + 1], StandardCharsets.ISO_8859_1);
  }

  /** The text in {@code b[from, stop)} without the whitespace around it. */
  private static String trimmed(byte[] b, int from, int stop) {
    while (from < stop && (b[from] == ' ' || b[from] == '\t')) from++;
    while (stop > from && (b[stop - 1] == ' ' || b[stop - 1] == '\t')) stop--;
    return new String(b, from, stop - from, StandardCharsets.ISO_8859_1);
  }

  /** Where the line that starts at {@code from} stops: at its CR LF, or at a bare LF. A bare CR or a NUL is refused. */
  private static int lineStop(byte[] b, int from, int end) throws MalformedException {
    int i = ControlBytes.indexOfControl(b, from, end);
    if (i < 0) return end;
    if (b[i] == '\n' || (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n')) return i;
    throw new MalformedException("a line with a bare CR or a NUL");
  }

  /** Where the line after the one that stops at {@code stop} starts. */
  private static int nextLine(byte[] b, int stop) {
    return stop + (b[stop] == '\r' ? 2 : 1);
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }
}
