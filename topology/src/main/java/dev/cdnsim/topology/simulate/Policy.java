package dev.cdnsim.topology.simulate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The eviction policies the simulator replays, each with its command-line name and a display label. */
public enum Policy {
  LRU("lru", "LRU"),
  FIFO("fifo", "FIFO"),
  SIEVE("sieve", "SIEVE"),
  S3FIFO("s3fifo", "S3-FIFO"),
  TINYLFU("tinylfu", "W-TinyLFU"),
  BELADY("belady", "Belady MIN");

  private final String id;
  private final String label;

  Policy(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** Returns the policy named {@code id} (as in {@code --policies}), ignoring case. */
  public static Policy parse(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(policy -> policy.id.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown policy '" + id + "'; expected one of "
            + Arrays.stream(values()).map(Policy::id).collect(Collectors.joining(", "))));
  }

  /** Returns the command-line name, e.g. {@code s3fifo}. */
  public String id() {
    return id;
  }

  /** Returns the display name, e.g. {@code S3-FIFO}. */
  public String label() {
    return label;
  }

  /** Returns an empty cache of this policy holding at most {@code capacity} size units of {@code trace}. */
  EvictionPolicy create(long capacity, Trace trace) {
    return switch (this) {
      case LRU -> new LruPolicy(capacity, trace.sizes());
      case FIFO -> new FifoPolicy(capacity, trace.sizes());
      case SIEVE -> new SievePolicy(capacity, trace.sizes());
      case S3FIFO -> new S3FifoPolicy(capacity, trace.sizes());
      case TINYLFU -> new TinyLfuPolicy(capacity, trace.sizes());
      case BELADY -> new BeladyPolicy(capacity, trace);
    };
  }
}
