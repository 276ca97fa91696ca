package dev.cdnsim.edge.fetch;

import dev.cdnsim.edge.observe.EdgeCounters;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the origin body bytes read through it into {@link EdgeCounters#originBytes(long)}. */
final class CountingInputStream extends FilterInputStream {
  private final EdgeCounters counters;

  CountingInputStream(InputStream in, EdgeCounters counters) {
    super(in);
    this.counters = counters;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) counters.originBytes(1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) counters.originBytes(n);
    return n;
  }
}
