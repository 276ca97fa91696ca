package dev.cdnsim.topology.dashboard;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The last {@code capacity} samples, so that a page opened late still shows the recent past. Each
 * {@link #record} turns the interval since the previous snapshot into a {@link Sample}. Thread-safe.
 */
final class History {
  private final int capacity;
  private final ArrayDeque<Sample> samples;
  private StateSnapshot last;

  History(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    this.capacity = capacity;
    this.samples = new ArrayDeque<>(capacity);
  }

  /** Adds the interval from the previous snapshot to {@code snapshot}; the first snapshot only sets the start. */
  synchronized void record(StateSnapshot snapshot) {
    if (last != null && snapshot.timestamp() > last.timestamp()) {
      if (samples.size() == capacity) samples.removeFirst();
      samples.addLast(Sample.between(last, snapshot));
    }
    if (last == null || snapshot.timestamp() > last.timestamp()) last = snapshot;
  }

  /** The samples that end after {@code timestamp} (epoch ms), oldest first; all of them for {@code Long.MIN_VALUE}. */
  synchronized List<Sample> since(long timestamp) {
    return samples.stream().filter(s -> s.timestamp() > timestamp).toList();
  }

  synchronized Optional<Sample> latest() {
    return Optional.ofNullable(samples.peekLast());
  }
}
