package dev.cdnsim.edge.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Finding CR, LF and NUL eight bytes at a time gives the same answers as looking at each byte. */
class ControlBytesTest {
  private static boolean control(byte c) {
    return c == '\n' || c == '\r' || c == 0;
  }

  private static int naive(byte[] b, int from, int to, boolean lfOnly) {
    for (int i = from; i < to; i++) if (lfOnly ? b[i] == '\n' : control(b[i])) return i;
    return -1;
  }

  /** A range of up to 40 bytes, a third of them drawn from those near CR, LF and NUL, where a word trick would slip. */
  private record Range(byte[] b, int from, int to) {
    private static final byte[] POOL = {'\n', '\r', 0, 0x0B, 0x0C, 0x0E, 0x09, 0x01, (byte) 0x80, (byte) 0x8A,
        (byte) 0xFF, 'a', ' '};

    static Range random(Random random) {
      byte[] b = new byte[1 + random.nextInt(40)];
      for (int i = 0; i < b.length; i++) b[i] = random.nextInt(3) == 0 ? POOL[random.nextInt(POOL.length)] : (byte) 'x';
      int from = random.nextInt(b.length);
      return new Range(b, from, from + random.nextInt(b.length - from + 1));
    }
  }

  @Test
  void theFirstControlByteIsFoundAtEveryOffsetAndLength() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      Range r = Range.random(random);
      assertThat(ControlBytes.indexOfControl(r.b, r.from, r.to)).as("round %d", round)
          .isEqualTo(naive(r.b, r.from, r.to, false));
      assertThat(ControlBytes.indexOfLf(r.b, r.from, r.to)).as("round %d", round)
          .isEqualTo(naive(r.b, r.from, r.to, true));
    }
  }

  @Test
  void aByteJustAboveAMatchIsNotTakenForOne() {
    // 0x0B follows an LF, 0x0E a CR, 0x01 a NUL: the bytes a borrow from the match below would wrongly mark.
    byte[] b = {'a', 'b', 'c', '\n', 0x0B, 'd', 'e', 'f', 'g', 'h', 0x0B, 'i', 'j', 'k', 'l', 'm'};
    assertThat(ControlBytes.indexOfLf(b, 4, b.length)).isEqualTo(-1);
    assertThat(ControlBytes.indexOfLf(b, 0, b.length)).isEqualTo(3);
    byte[] c = {'a', '\r', 0x0E, 0, 0x01, 'b', 'c', 'd', 0x0E, 0x01, 'e', 'f', 'g', 'h', 'i', 'j'};
    assertThat(ControlBytes.indexOfControl(c, 4, c.length)).isEqualTo(-1);
    assertThat(ControlBytes.indexOfControl(c, 2, c.length)).isEqualTo(3);
  }

  @Test
  void blankReplacesEachControlByteInTheRangeAndNothingElse() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      Range r = Range.random(random);
      byte[] expected = r.b.clone();
      for (int i = r.from; i < r.to; i++) if (control(expected[i])) expected[i] = ' ';
      ControlBytes.blank(r.b, r.from, r.to);
      assertThat(r.b).as("round %d", round).isEqualTo(expected);
    }
  }
}
