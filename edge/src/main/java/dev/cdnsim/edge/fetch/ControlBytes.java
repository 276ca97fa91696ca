package dev.cdnsim.edge.fetch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bytes a field line must not hold inside it, CR, LF and NUL (RFC 9110 §5.5), found eight at a time (SWAR,
 * as Netty's {@code ByteBufUtil} does): a byte at a time, finding line ends in a replica's answer head was the
 * largest piece of the edge's own Java time per passed request.
 */
final class ControlBytes {
  private ControlBytes() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

  /** The eight bytes of {@code b} at {@code i} as one word. */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** Whether the eight bytes of {@code w} hold a LF. */
  static boolean hasLf(long w) {
    return zeroByte(w ^ LFS) != 0;
  }

  /** Whether the eight bytes of {@code w} hold a LF, a CR or a NUL. */
  static boolean hasLfCrOrNul(long w) {
    return (zeroByte(w) | zeroByte(w ^ LFS) | zeroByte(w ^ CRS)) != 0;
  }

  /**
   * Replaces each CR, LF and NUL in {@code b[from, to)} with a space, as a proxy must before forwarding a field
   * value that holds one (RFC 9110 §5.5).
   */
  static void blank(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to && !hasLfCrOrNul(word(b, i))) i += 8;
    for (; i < to; i++) {
      if (b[i] == '\r' || b[i] == '\n' || b[i] == 0) b[i] = ' ';
    }
  }

  /** Non-zero exactly when one of the eight bytes of {@code x} is zero. */
  private static long zeroByte(long x) {
    return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
  }
}
