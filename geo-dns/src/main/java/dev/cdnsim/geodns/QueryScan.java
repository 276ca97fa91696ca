package dev.cdnsim.geodns;

/**
 * A query read straight from the wire for the fast path: one uncompressed question of class IN
 * and at most an EDNS(0) OPT record with ECS and cookie options. {@link #of} returns null for
 * anything else (other opcodes or flags, pointers, EDNS versions, other or malformed options),
 * which then takes the full path, so this reader never has to decide an error reply.
 *
 * @param qnameLower the question name's wire bytes, lower-cased (the cache key)
 * @param questionEnd offset just past the question (name, type, class)
 * @param qtype question type
 * @param recursionDesired RD bit
 * @param checkingDisabled CD bit
 * @param edns whether an OPT record was present
 * @param dnssecOk DO bit of the OPT record
 * @param payloadSize the client's UDP payload size (0 without EDNS)
 * @param ecsFamily ECS address family, 0 if no ECS option
 * @param ecsSourcePrefix ECS source prefix length
 * @param ecsAddress ECS address bytes as sent (ceil(source/8) bytes), or null
 */
record QueryScan(byte[] qnameLower, int questionEnd, int qtype, boolean recursionDesired,
                 boolean checkingDisabled, boolean edns, boolean dnssecOk, int payloadSize,
                 int ecsFamily, int ecsSourcePrefix, byte[] ecsAddress) {
  private static final int TYPE_OPT = 41;
  private static final int CLASS_IN = 1;
  private static final int OPTION_ECS = 8;
  /** Sent by dig by default; ignored (we do not implement server cookies) but length-checked. */
  private static final int OPTION_COOKIE = 10;

  /** Reads {@code packet[offset, offset+length)}, or returns null if it is not a plain query. */
  static QueryScan of(byte[] p, int offset, int length) {
    int end = offset + length;
    if (length < 17) {
      return null;
    }
    int flags = u16(p, offset + 2);
    // Only RD (0x0100), AD (0x0020, sent by dig) and CD (0x0010) may be set; no rcode.
    if ((flags & ~0x0130) != 0 || u16(p, offset + 4) != 1 || u16(p, offset + 6) != 0
        || u16(p, offset + 8) != 0 || u16(p, offset + 10) > 1) {
      return null;
    }
    int pos = offset + 12;
    int nameStart = pos;
    while (true) {
      if (pos >= end) {
        return null;
      }
      int label = p[pos] & 0xff;
      if (label == 0) {
        pos++;
        break;
      }
      if (label > 63 || pos + 1 + label > end) {
        return null; // pointers and reserved label types take the full path
      }
      pos += 1 + label;
    }
    if (pos - nameStart > 255 || pos + 4 > end) {
      return null;
    }
    int qtype = u16(p, pos);
    if (u16(p, pos + 2) != CLASS_IN) {
      return null;
    }
    byte[] lower = new byte[pos - nameStart];
    for (int i = 0; i < lower.length; i++) {
      byte b = p[nameStart + i];
      lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b; // length bytes are < 'A'
    }
    int questionEnd = pos + 4;
    boolean rd = (flags & 0x0100) != 0;
    boolean cd = (flags & 0x0010) != 0;
    if (u16(p, offset + 10) == 0) {
      return questionEnd == end
          ? new QueryScan(lower, questionEnd - offset, qtype, rd, cd, false, false, 0, 0, 0, null)
          : null;
    }
    return withOpt(p, questionEnd, end, offset, lower, qtype, rd, cd);
  }

  private static QueryScan withOpt(byte[] p, int pos, int end, int offset, byte[] lower,
                                   int qtype, boolean rd, boolean cd) {
    // OPT: root name, type 41, class = payload size, TTL = ext-rcode, version, flags; rdata.
    if (pos + 11 > end || p[pos] != 0 || u16(p, pos + 1) != TYPE_OPT || p[pos + 6] != 0) {
      return null; // version above 0 (BADVERS) takes the full path
    }
    int payload = u16(p, pos + 3);
    boolean dnssecOk = (p[pos + 7] & 0x80) != 0;
    int rdEnd = pos + 11 + u16(p, pos + 9);
    if (rdEnd != end) {
      return null;
    }
    int family = 0;
    int source = 0;
    byte[] address = null;
    for (int o = pos + 11; o < rdEnd; ) {
      if (o + 4 > rdEnd) {
        return null;
      }
      int code = u16(p, o);
      int len = u16(p, o + 2);
      int data = o + 4;
      if (data + len > rdEnd) {
        return null;
      }
      if (code == OPTION_COOKIE) {
        if (len != 8 && (len < 16 || len > 40)) {
          return null; // RFC 7873: a malformed cookie is FORMERR, decided on the full path
        }
      } else if (code != OPTION_ECS) {
        return null; // options dnsjava validates (or we might someday) take the full path
      } else {
        if (address != null || len < 4) {
          return null; // two ECS options: FORMERR, decided on the full path
        }
        family = u16(p, data);
        source = p[data + 2] & 0xff;
        int maxBits = family == 1 ? 32 : family == 2 ? 128 : -1;
        if (source > maxBits || len - 4 != (source + 7) / 8 || (p[data + 3] & 0xff) != 0) {
          return null;
        }
        address = java.util.Arrays.copyOfRange(p, data + 4, data + len);
        if (source % 8 != 0 && (address[address.length - 1] & (0xff >> (source % 8))) != 0) {
          return null; // bits past the source prefix: FORMERR on the full path
        }
      }
      o = data + len;
    }
    return new QueryScan(lower, pos - offset, qtype, rd, cd, true, dnssecOk, payload, family,
        source, address);
  }

  private static int u16(byte[] p, int at) {
    return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
  }
}
