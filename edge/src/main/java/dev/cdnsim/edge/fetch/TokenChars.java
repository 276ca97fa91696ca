package dev.cdnsim.edge.fetch;

/**
 * The bytes a field name may hold: RFC 9110 §5.6.2 tchar. Read by the answer heads of replicas
 * ({@link ResponseHead}) and by the check of clients' field lines under Undertow's parser.
 */
public final class TokenChars {
  private TokenChars() {}

  private static final boolean[] TCHAR = new boolean[256];

  static {
    for (int c = '!'; c < 127; c++) TCHAR[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  /** Whether {@code b} (0 to 255) is a tchar. */
  public static boolean contains(int b) {
    return TCHAR[b];
  }
}
