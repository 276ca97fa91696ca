package dev.cdnsim.edge.listen;

import dev.cdnsim.edge.fetch.ControlBytes;
import dev.cdnsim.edge.fetch.TokenChars;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Follows the bytes a client sends on one HTTP/1.1 connection, request after request (heads, and bodies by their
 * {@code Content-Length} or chunks), and finds the field lines RFC 9112 §5.1 says a server must refuse with 400: a
 * name with whitespace or another byte that is not a token character in it or before its colon, and a line with no
 * colon at all. Undertow's parser takes {@code X-Bad : 1} as the field {@code X-Bad} with the value {@code ": 1"},
 * and {@code X Bad: 1} as {@code X} with {@code "Bad: 1"}, and would have the edge pass on fields the client never
 * sent. It also refuses a head whose body length can't be known for certain (RFC 9112 §6.1, §6.3): a
 * Content-Length that is not a number, more than one Content-Length, both Transfer-Encoding and Content-Length, and
 * a Transfer-Encoding whose last coding is not chunked, which Undertow's parser let through (it read the body of a
 * {@code Transfer-Encoding: identity} request up to the connection's end). Those it refuses at the name of the
 * head's last such field when that line came in the bytes it is looking at (nearly always: a head comes in one
 * read), else at the head's empty line's CR; only when that too has gone up (or the empty line is a bare LF) is the
 * connection closed before the parser sees the head's end ({@link #CLOSE}). Where it can't
 * follow the stream for certain (a request
 * that may switch protocols, a chunk line that is not one) it stops looking and leaves the rest to Undertow: it
 * never refuses what it does not understand.
 */
final class FieldLineCheck {
  private enum State {
    /** Before a request line (empty lines allowed, RFC 9112 §2.2). */
    REQUEST_START,
    REQUEST_LINE,
    /** At the start of a field line, or the empty line that ends the head. */
    LINE_START,
    /** After a CR at the start of a line. */
    EMPTY_LINE_CR,
    NAME,
    VALUE,
    BODY,
    CHUNK_SIZE,
    /** After a chunk size's digits: an extension, up to the line's end. */
    CHUNK_LINE,
    CHUNK_DATA,
    /** The CRLF after a chunk's data. */
    CHUNK_END,
    /** Trailer lines after the last chunk, up to an empty line. */
    TRAILER_START,
    TRAILER_LINE,
    /** Stopped looking: the rest is Undertow's to judge. */
    UNFOLLOWED
  }

  /** A field whose value decides how the message goes on. */
  private enum Field {
    OTHER(""), CONTENT_LENGTH("content-length"), TRANSFER_ENCODING("transfer-encoding"), UPGRADE("upgrade");

    /** The ones with a name to match, once: {@code values()} copies its array at every call. */
    private static final Field[] NAMED = {CONTENT_LENGTH, TRANSFER_ENCODING, UPGRADE};
    private static final int LONGEST = "transfer-encoding".length();
    private final byte[] lowercase;

    Field(String lowercase) {
      this.lowercase = lowercase.getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * What {@link #check} answers when a head is to be refused but the byte it would turn has already gone up to the
   * parser (the head came in more than one read): the connection is to be closed before the parser sees the rest.
   */
  static final int CLOSE = -2;
  /** Why a field line is refused when its name holds a byte that is not a tchar (nor whitespace). */
  private static final String BAD_NAME_BYTE = "a field name with a character that is not allowed";
  /** Why, when the check can't tell: the parser's other limits, whose crossing it does not follow. */
  static final String UNKNOWN =
      "a request the edge's parser refused (its other limits: 127 lines of one field name, 1000 query parameters)";
  /** The most of a request line kept for {@link #requestLine()}: enough for a log line, little per connection. */
  static final int MAX_REQUEST_LINE = 256;
  /** The longest value of a {@link Field} kept; a longer one leaves the framing unknown. */
  private static final int MAX_VALUE = 256;
  private static final long HTTP_1_1 = word("HTTP/1.1");
  private static final long HTTP_1_0 = word("HTTP/1.0");
  private static final long CONNECT = word("CONNECT ");

  private State state = State.REQUEST_START;
  /** The current field's name so far, lowercase, as far as the longest {@link Field} name and one byte more. */
  private final byte[] name = new byte[Field.LONGEST + 1];
  private int nameLength;
  private final StringBuilder value = new StringBuilder();
  private Field field = Field.OTHER;
  /** Whether the field line before this one was a {@link Field}: a line folded onto it changes the framing. */
  private boolean framingAbove;
  /** The request line's first eight bytes and its last eight (CRs left out), as big-endian words. */
  private long lineStart;
  private long lineEnd;
  private int lineLength;
  /** The request line's bytes, CRs left out, as far as {@link #MAX_REQUEST_LINE}. */
  private final byte[] requestLine = new byte[MAX_REQUEST_LINE];
  /** Hex digits of the chunk size line read so far. */
  private int digits;
  private long contentLength = -1;
  /** How many Content-Length fields the head has; whether one was not a number. */
  private int lengths;
  private boolean badLength;
  private String transferEncoding;
  /**
   * Where the line of the head's last Content-Length or Transfer-Encoding field starts in the bytes of the current
   * {@link #check} call, or -1 (none yet, or it came in an earlier call): the byte a framing refusal turns.
   */
  private int framingLineAt = -1;
  /** Where the line being read starts in the bytes of the current call, or -1. */
  private int lineAt = -1;
  /**
   * What {@link #check} reports for a refusal made at the head's end: the byte to turn, or {@link #CLOSE} when it has
   * gone up to the parser; -1 for a refusal of the current byte.
   */
  private int refuseAt = -1;
  private String refusal;
  private boolean upgrade;
  /** Body or chunk bytes still to skip. */
  private long left;
  /** The field lines of the head being read (folded lines not counted, as Undertow counts them). */
  private int fields;
  /** How many bytes all calls have looked at; where in them the last request line began. */
  private long seen;
  private long headStart;

  /**
   * Looks at {@code buffer[from, to)}, the next bytes from the client; returns the index of the first byte that
   * makes a field line one to refuse, {@link #CLOSE}, or -1. After a finding it looks no further.
   */
  int check(ByteBuffer buffer, int from, int to) {
    lineAt = -1;
    framingLineAt = -1;
    long base = seen - from;
    seen += to - from;
    for (int i = from; i < to; i++) {
      switch (state) {
        case UNFOLLOWED -> {
          return -1;
        }
        case BODY, CHUNK_DATA -> {
          long skip = Math.min(left, to - i);
          left -= skip;
          i += (int) skip - 1;
          if (left == 0) state = state == State.BODY ? State.REQUEST_START : State.CHUNK_END;
          continue;
        }
        // The states most bytes pass in, a loop each, up to the byte that ends them.
        case REQUEST_LINE -> i = requestLineUpToItsEnd(buffer, i, to);
        case NAME -> i = nameUpToItsEnd(buffer, i, to);
        case VALUE -> {
          if (field == Field.OTHER) i = nextLf(buffer, i, to);
        }
        default -> { }
      }
      if (i == to) return -1;
      if (state == State.LINE_START) lineAt = i;
      else if (state == State.REQUEST_START) headStart = base + i;
      if (step(buffer.get(i) & 0xff)) {
        state = State.UNFOLLOWED;
        return refuseAt != -1 ? refuseAt : i;
      }
    }
    return -1;
  }

  /** The index of the first LF in {@code buffer[i, to)}, or {@code to}: eight bytes at a time (values fill a head). */
  private static int nextLf(ByteBuffer buffer, int i, int to) {
    int lf = ControlBytes.indexOfLf(buffer, i, to);
    return lf < 0 ? to : lf;
  }

  /** Takes the request line's bytes up to its LF, which it returns the index of (or {@code to}). */
  private int requestLineUpToItsEnd(ByteBuffer buffer, int i, int to) {
    for (; i < to; i++) {
      int c = buffer.get(i) & 0xff;
      if (c == '\n') return i;
      requestLineByte(c);
    }
    return i;
  }

  /** Takes a field name's token bytes; returns the index of the first other byte (the colon, if all is well). */
  private int nameUpToItsEnd(ByteBuffer buffer, int i, int to) {
    for (; i < to; i++) {
      int c = buffer.get(i) & 0xff;
      if (!TokenChars.contains(c)) return i;
      if (nameLength < name.length) name[nameLength++] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return i;
  }

  /** The request line of the request last begun, as its bytes came (ISO-8859-1), cut to {@link #MAX_REQUEST_LINE}. */
  String requestLine() {
    return new String(requestLine, 0, Math.min(lineLength, MAX_REQUEST_LINE), StandardCharsets.ISO_8859_1);
  }

  /**
   * What to answer in place of the bare 400 Undertow's parser sends for a request it refuses: this check's own finding,
   * or what it can tell of the last request it saw (more than {@code maxFields} field lines, a head longer than
   * {@code maxHeadBytes}, a malformed request line), or else a 400 that says only that the request could not be read.
   */
  Refusal inPlaceOfUndertows400(int maxFields, long maxHeadBytes) {
    if (refusal != null) return Refusal.malformed(refusal);
    if (fields > maxFields) {
      return Refusal.tooLarge("more than " + maxFields + " fields");
    }
    if (inHead() && seen - headStart > maxHeadBytes) {
      return Refusal.tooLarge("a head of more than " + maxHeadBytes + " bytes");
    }
    Refusal line = RequestLineRefusal.of(requestLine(), lineLength, lastEight());
    return line != null ? line : Refusal.malformed(UNKNOWN);
  }

  private boolean inHead() {
    return switch (state) {
      case REQUEST_LINE, LINE_START, EMPTY_LINE_CR, NAME, VALUE -> true;
      default -> false;
    };
  }

  /** The request line's last eight bytes (fewer in a shorter line), CRs left out. */
  private String lastEight() {
    int n = Math.min(lineLength, 8);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (lineEnd >>> 8 * (n - 1 - i));
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Whether it has stopped looking. */
  boolean unfollowed() {
    return state == State.UNFOLLOWED;
  }

  /** Stops looking: the caller can no longer show it every byte. */
  void stopFollowing() {
    state = State.UNFOLLOWED;
  }

  /** Notes why the field line is refused; true. */
  private boolean refuse(String why) {
    refusal = why;
    return true;
  }

  /** Takes one byte of a head or chunk line; true when it makes a field line one to refuse. */
  private boolean step(int c) {
    switch (state) {
      case REQUEST_START -> {
        if (c == '\r' || c == '\n') return false;
        lineStart = 0;
        lineEnd = 0;
        lineLength = 0;
        state = State.REQUEST_LINE;
        requestLineByte(c);
      }
      case REQUEST_LINE -> requestLineEnded();   // its LF: requestLineUpToItsEnd took the rest
      case LINE_START -> {
        if (c == '\r') {
          state = State.EMPTY_LINE_CR;
        } else if (c == '\n') {
          return headEnded(false);
        } else if (c == ' ' || c == '\t') {
          // obs-fold: Undertow joins it to the value above (RFC 9112 §5.2), which must then not frame the body.
          state = framingAbove ? State.UNFOLLOWED : State.VALUE;
          field = Field.OTHER;
        } else if (c == ':' || !TokenChars.contains(c)) {
          return refuse(c == ':' ? "a field line with no name" : BAD_NAME_BYTE);
        } else {
          name[0] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
          nameLength = 1;
          fields++;
          state = State.NAME;
        }
      }
      case EMPTY_LINE_CR -> {
        if (c == '\n') return headEnded(true);
        state = State.UNFOLLOWED;   // a bare CR: Undertow's to refuse
      }
      case NAME -> {
        // Past its token bytes (nameUpToItsEnd): the colon, or whitespace or a separator in the name or before its
        // colon, or the line's end with no colon.
        if (c != ':') {
          return refuse(c == ' ' || c == '\t' ? "whitespace in a field name or before its colon"
              : c == '\r' || c == '\n' ? "a field line without a colon" : BAD_NAME_BYTE);
        }
        field = known(name, nameLength);
        value.setLength(0);
        state = State.VALUE;
      }
      case VALUE -> {
        if (c == '\n') {
          if (!fieldEnded()) state = State.UNFOLLOWED;
          else state = State.LINE_START;
        } else if (field != Field.OTHER && c != '\r' && value.length() <= MAX_VALUE) {
          value.append((char) c);
        }
      }
      case CHUNK_SIZE -> {
        int digit = Character.digit(c, 16);
        if (digit >= 0 && digits < 14) {
          left = left * 16 + digit;
          digits++;
        } else if (digits > 0 && digit < 0 && (c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
          state = c == '\n' ? chunkLineEnded() : State.CHUNK_LINE;
        } else {
          state = State.UNFOLLOWED;
        }
      }
      case CHUNK_LINE -> {
        if (c == '\n') state = chunkLineEnded();
      }
      case CHUNK_END -> {
        if (c == '\n') startChunk();
        else if (c != '\r') state = State.UNFOLLOWED;
      }
      case TRAILER_START -> {
        if (c == '\n') state = State.REQUEST_START;
        else if (c != '\r') state = State.TRAILER_LINE;
      }
      case TRAILER_LINE -> {
        if (c == '\n') state = State.TRAILER_START;
      }
      default -> state = State.UNFOLLOWED;
    }
    return false;
  }

  private void requestLineByte(int c) {
    if (c == '\r') return;
    if (lineLength < 8) lineStart = lineStart << 8 | c;
    if (lineLength < MAX_REQUEST_LINE) requestLine[lineLength] = (byte) c;
    lineLength++;
    lineEnd = lineEnd << 8 | c;
  }

  private void requestLineEnded() {
    fields = 0;
    contentLength = -1;
    lengths = 0;
    badLength = false;
    framingLineAt = -1;
    transferEncoding = null;
    upgrade = false;
    framingAbove = false;
    // HTTP/1.x with a head to follow; not HTTP/0.9 (no head), HTTP/2's preface, nor CONNECT (a tunnel after it).
    boolean http1 = lineEnd == HTTP_1_1 || lineEnd == HTTP_1_0;
    state = http1 && lineStart != CONNECT ? State.LINE_START : State.UNFOLLOWED;
  }

  private static long word(String eight) {
    long w = 0;
    for (int i = 0; i < 8; i++) w = w << 8 | eight.charAt(i);
    return w;
  }

  private static Field known(byte[] name, int length) {
    for (Field f : Field.NAMED) {
      if (f.lowercase.length == length && Arrays.equals(f.lowercase, 0, length, name, 0, length)) return f;
    }
    return Field.OTHER;
  }

  /** Notes a field that decides the framing; false when its value leaves the framing unknown. */
  private boolean fieldEnded() {
    framingAbove = field != Field.OTHER;
    if (!framingAbove) return true;
    if (value.length() > MAX_VALUE) return false;
    String v = value.toString().strip();
    switch (field) {
      case CONTENT_LENGTH -> {
        lengths++;
        framingLineAt = lineAt;
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) badLength = true;
        else contentLength = Long.parseLong(v);
      }
      case TRANSFER_ENCODING -> {
        framingLineAt = lineAt;
        transferEncoding = transferEncoding == null ? v : transferEncoding + "," + v;
      }
      case UPGRADE -> upgrade = true;
      default -> { }
    }
    field = Field.OTHER;
    return true;
  }

  /**
   * The empty line, a CRLF ({@code crlf}) or a bare LF: what follows is the body, framed as RFC 9112 §6.3 says, or the
   * next request. True when the head's framing is to be refused.
   */
  private boolean headEnded(boolean crlf) {
    String framing = framingRefusal();
    if (framing != null) {
      // Its field's name; when that line came in an earlier read and has gone up to the parser, the empty line's CR,
      // which turned makes the parser take "\1\n" for a field line with a bad name; else (the CR gone up too, or a
      // bare LF, which turned would leave the parser waiting for a line's end) the connection's close: the parser
      // would take the head as it is.
      refuseAt = framingLineAt >= 0 ? framingLineAt : crlf && lineAt >= 0 ? lineAt : CLOSE;
      return refuse(framing);
    }
    if (upgrade) {
      state = State.UNFOLLOWED;   // the connection may switch protocols after this request
    } else if (transferEncoding != null) {
      startChunk();
    } else if (contentLength > 0) {
      left = contentLength;
      state = State.BODY;
    } else {
      state = State.REQUEST_START;
    }
    return false;
  }

  /** Why the head's body length can't be known for certain (RFC 9112 §6.1, §6.3), or null when it can. */
  private String framingRefusal() {
    if (badLength) return "a Content-Length that is not a number";
    if (lengths > 1) return "more than one Content-Length";
    if (transferEncoding == null) return null;
    if (lengths > 0) return "both Transfer-Encoding and Content-Length";
    String[] codings = transferEncoding.split(",");
    if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
      return "a Transfer-Encoding whose last coding is not chunked";
    }
    return null;
  }

  private void startChunk() {
    left = 0;
    digits = 0;
    state = State.CHUNK_SIZE;
  }

  private State chunkLineEnded() {
    if (left == 0) return State.TRAILER_START;
    return State.CHUNK_DATA;
  }
}
