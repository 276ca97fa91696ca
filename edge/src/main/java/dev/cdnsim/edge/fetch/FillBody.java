package dev.cdnsim.edge.fetch;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an answer to a fill, read from its connection as its framing says (RFC 9112 §6.3, §7.1): a
 * {@code Content-Length}, chunks (sizes in hex, extensions ignored, trailers read and dropped) or the connection's
 * end. When the body has been read to its end, or closed before it, {@code done} hears once whether it ended whole,
 * so its connection can carry the next request; a body that breaks its framing throws.
 */
final class FillBody extends InputStream {
  /** Longest chunk-size or trailer line taken. */
  static final int MAX_LINE = 4096;

  /** Where the bytes come from: the connection, the bytes read past the head first. */
  interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Hears once how the body ended: whole (its connection may be reused) or not. */
  interface Done {
    void ended(boolean whole);
  }

  private final ResponseHead.Framing framing;
  private final Source source;
  private final Done done;
  /** Bytes left in the body (LENGTH) or in the current chunk (CHUNKED). */
  private long left;
  private volatile boolean ended;
  private boolean lastChunkRead;

  private FillBody(ResponseHead.Framing framing, long length, Source source, Done done) {
    this.framing = framing;
    this.source = source;
    this.done = done;
    this.left = framing == ResponseHead.Framing.LENGTH ? length : 0;
  }

  static InputStream of(ResponseHead.Framing framing, long length, Source source, Done done) {
    FillBody body = new FillBody(framing, length, source, done);
    if (framing == ResponseHead.Framing.NONE || (framing == ResponseHead.Framing.LENGTH && length == 0)) body.end(true);
    return body;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (ended) return -1;
    try {
      return switch (framing) {
        case NONE -> -1;
        case LENGTH -> readLength(b, off, len);
        case CHUNKED -> readChunked(b, off, len);
        case UNTIL_CLOSE -> readUntilClose(b, off, len);
      };
    } catch (IOException | RuntimeException e) {
      end(false);
      throw e;
    }
  }

  private int readLength(byte[] b, int off, int len) throws IOException {
    int n = source.read(b, off, (int) Math.min(len, left));
    if (n < 0) throw new IOException("the replica closed the connection with " + left + " bytes of the body to come");
    left -= n;
    if (left == 0) end(true);
    return n;
  }

  private int readUntilClose(byte[] b, int off, int len) throws IOException {
    int n = source.read(b, off, len);
    if (n < 0) end(false);
    return n;
  }

  private int readChunked(byte[] b, int off, int len) throws IOException {
    if (left == 0) {
      if (lastChunkRead) return -1;
      left = chunkSize();
      if (left == 0) {
        lastChunkRead = true;
        while (!line().isEmpty()) { } // trailer fields: read and dropped
        end(true);
        return -1;
      }
    }
    int n = source.read(b, off, (int) Math.min(len, left));
    if (n < 0) throw new IOException("the replica closed the connection in the middle of a chunk");
    left -= n;
    if (left == 0 && !line().isEmpty()) throw new ResponseHead.MalformedException("a chunk longer than its size");
    return n;
  }

  /** The size on a chunk-size line, its extensions ignored. */
  private long chunkSize() throws IOException {
    String line = line();
    int stop = 0;
    while (stop < line.length() && Character.digit(line.charAt(stop), 16) >= 0) stop++;
    if (stop == 0 || stop > 15) throw new ResponseHead.MalformedException("a chunk size that is not hex digits");
    for (int i = stop; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != ' ' && c != '\t' && c != ';') throw new ResponseHead.MalformedException("a chunk size that is not hex digits");
      if (c == ';') break;
    }
    return Long.parseLong(line, 0, stop, 16);
  }

  /** One line, without its CR LF (a bare LF ends it too). */
  private String line() throws IOException {
    StringBuilder s = new StringBuilder();
    byte[] one = new byte[1];
    while (true) {
      int n = source.read(one, 0, 1);
      if (n < 0) throw new IOException("the replica closed the connection in the middle of a chunked body");
      if (n == 0) continue;
      char c = (char) (one[0] & 0xff);
      if (c == '\n') {
        int l = s.length();
        if (l > 0 && s.charAt(l - 1) == '\r') s.setLength(l - 1);
        return s.toString();
      }
      if (s.length() == MAX_LINE) throw new ResponseHead.MalformedException("a chunk line longer than " + MAX_LINE);
      s.append(c);
    }
  }

  private synchronized void end(boolean whole) {
    if (ended) return;
    ended = true;
    done.ended(whole);
  }

  @Override
  public void close() {
    end(false);
  }
}
