package dev.cdnsim.edge.fetch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes a field line must not hold inside it, CR, LF and NUL (RFC 9110 §5.5), found eight at a time (SWAR,
 * as Netty's {@code ByteBufUtil} does): a byte at a time, finding line ends in a replica's answer head was the
 * largest piece of the edge's own Java time per passed request. A word that holds one tells where the first is,
 * so no byte before it is looked at twice.
 */
public final class ControlBytes {
  private ControlBytes() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

  /** Where the first LF in {@code b[from, to)} is, or -1. */
  static int indexOfLf(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = zeroByte(word(b, i) ^ LFS);
      if (found != 0) return i + first(found);
    }
    for (; i < to; i++) if (b[i] == '\n') return i;
    return -1;
  }

  /**
   * Where the first LF in {@code b[from, to)} is, or -1: as {@link #indexOfLf(byte[], int, int)}, for a buffer
   * (direct, as the connections' are) in either byte order.
   */
  public static int indexOfLf(ByteBuffer b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = b.getLong(i);
      if (b.order() == ByteOrder.BIG_ENDIAN) w = Long.reverseBytes(w);   // the first byte lowest, as word() reads
      long found = zeroByte(w ^ LFS);
      if (found != 0) return i + first(found);
    }
    for (; i < to; i++) if (b.get(i) == '\n') return i;
    return -1;
  }

  /** Where the first LF, CR or NUL in {@code b[from, to)} is, or -1. */
  static int indexOfControl(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = word(b, i);
      long found = zeroByte(w) | zeroByte(w ^ LFS) | zeroByte(w ^ CRS);
      if (found != 0) return i + first(found);
    }
    for (; i < to; i++) if (control(b[i])) return i;
    return -1;
  }

  /**
   * Replaces each CR, LF and NUL in {@code b[from, to)} with a space, as a proxy must before forwarding a field
   * value that holds one (RFC 9110 §5.5).
   */
  static void blank(byte[] b, int from, int to) {
    if (to - from < 8) {
      for (int i = from; i < to; i++) if (control(b[i])) b[i] = ' ';
      return;
    }
    // Whole words, the last one ending at to (overlapping the one before it): a value with none, the usual case,
    // costs a word check per eight bytes and no byte loop.
    int i = from;
    for (; i + 8 <= to; i += 8) blankWord(b, i);
    if (i < to) blankWord(b, to - 8);
  }

  /** Replaces each CR, LF and NUL in {@code b[i, i + 8)} with a space. */
  private static void blankWord(byte[] b, int i) {
    long w = word(b, i);
    if ((zeroByte(w) | zeroByte(w ^ LFS) | zeroByte(w ^ CRS)) == 0) return;
    for (int k = i; k < i + 8; k++) if (control(b[k])) b[k] = ' ';
  }

  /** Whether {@code c} is LF, CR or NUL: the bytes a field line must not hold inside it. */
  private static boolean control(byte c) {
    return c == '\n' || c == '\r' || c == 0;
  }

  /** The eight bytes of {@code b} at {@code i} as one word, the first of them lowest. */
  private static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /**
   * The index in its word of the first byte {@link #zeroByte} marks: exact, as a false mark can only follow a true
   * one (a borrow runs upward).
   */
  private static int first(long marks) {
    return Long.numberOfTrailingZeros(marks) >>> 3;
  }

  /** Non-zero exactly when one of the eight bytes of {@code x} is zero. */
  private static long zeroByte(long x) {
    return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
  }
}
