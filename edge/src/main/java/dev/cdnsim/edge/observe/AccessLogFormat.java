package dev.cdnsim.edge.observe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An access log line in nginx's {@code combined} format with three fields after it, so that tools that read nginx's
 * logs read these too. In nginx's terms:
 *
 * <pre>
 * log_format cdnsim '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
 *                   '"$http_referer" "$http_user_agent" "$host" $request_time $upstream_cache_status';
 * </pre>
 *
 * for example {@code 127.0.0.1 - - [26/Nov/2026:16:42:51 +0000] "GET /objects/1 HTTP/1.1" 200 9740 "-"
 * "curl/7.88.1" "www.cdn.test" 0.001 HIT}. Times are UTC; the request time is in seconds with millisecond
 * resolution; the last field is the {@code X-Cache} value, or {@code -} for the edge's own routes. As nginx does,
 * {@code "}, {@code \} and bytes outside printable ASCII in the request line and fields become {@code \xHH}, so that
 * a client cannot break a line or forge one. Pure, and safe to share between threads.
 */
public final class AccessLogFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The last second formatted: lines come many to a second, and formatting a time is most of a line's cost. */
  private record Second(long epochSecond, String text) {}

  private volatile Second last = new Second(Long.MIN_VALUE, "");

  /** The line for {@code r}, without its line break. */
  public String line(AccessRecord r) {
    StringBuilder b = new StringBuilder(160);
    b.append(r.client() == null ? "-" : r.client()).append(" - - [").append(time(r.time())).append("] \"");
    escape(b, r.method()).append(' ');
    escape(b, r.target()).append(' ');
    escape(b, r.protocol()).append("\" ").append(r.status()).append(' ').append(r.bodyBytes()).append(' ');
    quoted(b, r.referer()).append(' ');
    quoted(b, r.userAgent()).append(' ');
    quoted(b, r.host()).append(' ');
    seconds(b, r.durationNanos()).append(' ').append(r.cache() == null ? "-" : r.cache().name());
    return b.toString();
  }

  private String time(Instant t) {
    Second s = last;
    if (s.epochSecond != t.getEpochSecond()) {
      s = new Second(t.getEpochSecond(), TIME.format(t));
      last = s;
    }
    return s.text;
  }

  private static StringBuilder quoted(StringBuilder b, String value) {
    b.append('"');
    return (value == null || value.isEmpty() ? b.append('-') : escape(b, value)).append('"');
  }

  /** nginx's escaping: {@code "}, {@code \} and bytes outside 0x20 to 0x7E as {@code \xHH}. */
  static StringBuilder escape(StringBuilder b, String value) {
    if (value == null) return b.append('-');
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append(c);
      } else if (c <= 0xff) {
        hex(b, c);
      } else {   // not from an HTTP/1 head (those are bytes), but a string may hold anything: its UTF-8 bytes
        int cp = Character.codePointAt(value, i);
        for (byte x : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) hex(b, x & 0xff);
        i += Character.charCount(cp) - 1;
      }
    }
    return b;
  }

  private static void hex(StringBuilder b, int octet) {
    b.append("\\x").append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
  }

  /** {@code nanos} as seconds with three decimals, as nginx's $request_time. */
  private static StringBuilder seconds(StringBuilder b, long nanos) {
    long millis = Math.max(0, nanos) / 1_000_000;
    long frac = millis % 1000;
    b.append(millis / 1000).append('.');
    if (frac < 100) b.append('0');
    if (frac < 10) b.append('0');
    return b.append(frac);
  }
}
