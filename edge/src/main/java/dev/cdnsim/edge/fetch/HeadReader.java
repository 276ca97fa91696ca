package dev.cdnsim.edge.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a replica's answers off a blocking stream: each {@link #finalHead} reads up to the end of the next final
 * head, skipping interim ones (100 Continue, 103 Early Hints), and parses it with {@link ResponseHead}; the bytes
 * read past it stay here for the body ({@link #read}). Health probes and cache fills read their answers with it.
 */
final class HeadReader {
  /** Runs before each read from the stream, e.g. to bound it by what is left of a deadline. */
  interface BeforeRead {
    void run() throws IOException;
  }

  private final InputStream in;
  private final int maxHeadBytes;
  private byte[] buffered;
  private int from;
  private int to;
  /** Some byte of the answer being read has come. */
  private boolean answered;

  /** A reader of {@code in} that refuses heads longer than {@code maxHeadBytes}, starting with {@code bufferBytes}. */
  HeadReader(InputStream in, int bufferBytes, int maxHeadBytes) {
    this.in = in;
    this.maxHeadBytes = maxHeadBytes;
    this.buffered = new byte[bufferBytes];
  }

  /**
   * The next final head.
   *
   * @throws ResponseHead.MalformedException a head breaks HTTP/1.1 or is longer than the limit
   * @throws EOFException the stream ended before any byte of an answer
   * @throws IOException the stream ended inside a head, or a read failed (or {@code beforeRead} threw)
   */
  ResponseHead finalHead(BeforeRead beforeRead) throws IOException {
    while (true) {
      int end;
      while ((end = ResponseHead.end(buffered, from, to)) < 0) {
        if (to - from >= maxHeadBytes) {
          throw new ResponseHead.MalformedException("a head longer than " + maxHeadBytes + " bytes");
        }
        compact();
        beforeRead.run();
        int n = in.read(buffered, to, buffered.length - to);
        if (n < 0) {
          if (to == from && !answered) throw new EOFException("closed before an answer");
          throw new IOException("the replica closed the connection in the middle of its answer's head");
        }
        answered = true;
        to += n;
      }
      ResponseHead head = ResponseHead.parse(Arrays.copyOfRange(buffered, from, end), end - from);
      from = end;
      if (!head.interim()) return head;
    }
  }

  /** Whether some byte of the answer being read has come. */
  boolean answered() {
    return answered;
  }

  /** Starts on the next answer: for a connection that carries another request. */
  void nextAnswer() {
    answered = false;
  }

  /** Whether every byte read has been taken. */
  boolean drained() {
    return from == to;
  }

  /** Reads the bytes left after the head first, then from the stream. */
  int read(byte[] b, int off, int len) throws IOException {
    if (from < to) {
      int n = Math.min(len, to - from);
      System.arraycopy(buffered, from, b, off, n);
      from += n;
      return n;
    }
    return in.read(b, off, len);
  }

  /** Moves the unread bytes to the front, growing the buffer when they fill it. */
  private void compact() {
    if (from > 0) {
      System.arraycopy(buffered, from, buffered, 0, to - from);
      to -= from;
      from = 0;
    }
    if (to == buffered.length) buffered = Arrays.copyOf(buffered, Math.min(maxHeadBytes * 2, buffered.length * 2));
  }
}
