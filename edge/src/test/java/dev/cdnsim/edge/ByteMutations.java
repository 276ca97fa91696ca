package dev.cdnsim.edge;

import java.util.Arrays;
import java.util.Random;

/** Random edits of valid protocol bytes for the fuzz tests: the same seed makes the same edits. */
public final class ByteMutations {
  private ByteMutations() {}

  /**
   * {@code b} with {@code edits} bytes replaced, inserted or cut short at random places; half of the bytes put in
   * are one of {@code special} (the bytes a parser decides on), the others any byte.
   */
  public static byte[] mutate(byte[] b, int edits, byte[] special, Random random) {
    for (; edits > 0; edits--) {
      int at = random.nextInt(b.length);
      byte with = random.nextBoolean() ? special[random.nextInt(special.length)] : (byte) random.nextInt(256);
      switch (random.nextInt(3)) {
        case 0 -> b[at] = with;
        case 1 -> {
          byte[] longer = new byte[b.length + 1];
          System.arraycopy(b, 0, longer, 0, at);
          longer[at] = with;
          System.arraycopy(b, at, longer, at + 1, b.length - at);
          b = longer;
        }
        default -> b = Arrays.copyOf(b, Math.max(1, at));
      }
    }
    return b;
  }
}
