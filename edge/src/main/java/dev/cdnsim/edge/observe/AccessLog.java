package dev.cdnsim.edge.observe;

import static java.util.Objects.requireNonNull;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Where access log lines go: a file, appended to, or standard output. Lines are handed to a writer thread through a
 * bounded queue, so a request never waits for the disk; when the queue is full (the disk far slower than the
 * requests) the line is dropped and counted, as a proxy must not slow down to log. The writer writes and flushes
 * what has queued fifty times a second, so {@code tail -f} shows a request within 0.02 s of its end. Log rotation:
 * move the file and call {@link #reopen()} (nginx's USR1), or {@code logrotate}'s {@code copytruncate} (the file is
 * opened for appending, so writes follow the truncation).
 */
public final class AccessLog implements AutoCloseable {
  /** Lines that may wait for the writer: over half a second at 100,000 requests/s. */
  static final int QUEUE_LINES = 65_536;
  /**
   * Characters that may wait for the writer, whatever the lines' length: a client's fields go into its line whole (as
   * nginx logs them), and 64 KiB of escaped header fields make a line of up to 256 KiB.
   */
  static final long QUEUE_CHARS = 16L << 20;
  private static final int BATCH = 4096;
  /**
   * How often the writer writes what has queued: {@code tail -f} shows a request this long after it ends, at most.
   * Short enough that a busy edge's batch (2,000 lines at 100,000 requests/s) is a fraction of a millisecond of CPU.
   */
  static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String name;
  /** The file, reopened by {@link #reopen()}; null for standard output. */
  private final Path file;
  /** Where lines go; replaced by the writer thread alone, and read by {@link #close()} once that thread is done. */
  private Writer out;
  private final boolean closeOut;
  private final PrintStream problems;
  private final BlockingQueue<String> queue;
  private final long maxQueuedChars;
  private final AtomicLong queuedChars = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean writeFailed = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean closed;
  private volatile boolean reopenAsked;

  AccessLog(String name, Path file, Writer out, boolean closeOut, int capacity, long maxQueuedChars,
      PrintStream problems) {
    this.name = requireNonNull(name, "name");
    this.file = file;
    this.out = requireNonNull(out, "out");
    this.closeOut = closeOut;
    this.problems = requireNonNull(problems, "problems");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxQueuedChars = maxQueuedChars;
    this.writer = Thread.ofPlatform().daemon().name("access-log").start(this::drain);
  }

  /**
   * Opens {@code target} for appending (created when missing), or standard output when it is {@code -}; throws
   * {@link IOException} naming the file when it cannot be opened.
   */
  public static AccessLog open(Path target) throws IOException {
    if (target.toString().equals("-")) {
      Writer stdout = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8);
      return new AccessLog("standard output", null, stdout, false, QUEUE_LINES, QUEUE_CHARS, System.err);
    }
    return new AccessLog(target.toString(), target, append(target), true, QUEUE_LINES, QUEUE_CHARS,
        System.err);
  }

  private static Writer append(Path target) throws IOException {
    try {
      return Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException | SecurityException e) {
      throw new IOException("cannot open the access log " + target + ": " + reason(e), e);
    }
  }

  private static String reason(Exception e) {
    return switch (e) {
      case NoSuchFileException x -> "its folder does not exist";
      case AccessDeniedException x -> "permission denied";
      case FileSystemException x when x.getReason() != null -> x.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }

  /**
   * Queues {@code line} (without its line break); never blocks. Dropped, and counted, when the queue is full, in
   * lines or in characters.
   */
  public void log(String line) {
    // Checked, then added: threads racing past the check overshoot by a line each at most.
    if (closed || queuedChars.get() + line.length() > maxQueuedChars || !queue.offer(line)) {
      dropped.increment();
      return;
    }
    queuedChars.addAndGet(line.length());
  }

  /**
   * Has the writer open the file again by its name, for log rotation: after the file was moved, lines go to a new
   * one. The lines queued until then still go to the old one. Nothing for standard output.
   */
  public void reopen() {
    if (file == null || closed) return;
    reopenAsked = true;
    LockSupport.unpark(writer);
  }

  /** Lines dropped so far: the queue was full, the log closed, or the writes failed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Writes what is queued and closes the file (standard output is only flushed). */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropped.add(queue.size());   // lines that raced close(), or all of them if the disk hung
    queue.clear();
    try {
      if (closeOut) out.close();
      else out.flush();
    } catch (IOException e) {
      reportOnce(e);
    }
  }

  /**
   * Wakes every {@link #WAKE_NANOS} and writes what has queued. Requests never wake it: on one busy CPU, waking it
   * per line (a blocking queue's take) cost 6.5 µs per request, 1 KiB hits falling from 88,000 to 55,000 a second.
   */
  private void drain() {
    List<String> batch = new ArrayList<>(BATCH);
    while (true) {
      boolean last = closed;   // read before draining: whatever close() waits for is queued by now
      boolean reopen = reopenAsked;
      while (queue.drainTo(batch, BATCH) > 0) {
        long chars = 0;
        for (String line : batch) chars += line.length();
        queuedChars.addAndGet(-chars);
        write(batch);
        batch.clear();
      }
      try {
        out.flush();
      } catch (IOException e) {
        reportOnce(e);
      }
      if (reopen && !last) reopenFile();
      if (last) return;
      LockSupport.parkNanos(this, WAKE_NANOS);
    }
  }

  private void reopenFile() {
    reopenAsked = false;
    Writer old = out;
    try {
      out = append(file);
    } catch (IOException e) {
      problems.println("cdnsim: " + e.getMessage() + "; still writing to the file it had open");
      return;
    }
    try {
      old.close();
    } catch (IOException e) {
      reportOnce(e);
    }
  }

  private void write(List<String> batch) {
    int written = 0;
    try {
      for (String line : batch) {
        out.write(line);
        out.write('\n');
        written++;
      }
    } catch (IOException e) {
      dropped.add(batch.size() - written);
      reportOnce(e);
    }
  }

  /** A failing disk is said once, not once per line. */
  private void reportOnce(IOException e) {
    if (writeFailed.compareAndSet(false, true)) {
      problems.println("cdnsim: cannot write the access log " + name + ": " + e.getMessage()
          + " (lines are dropped while it lasts, counted as"
          + " cdnsim_edge_access_log_dropped_total)");
    }
  }

  @Override
  public String toString() {
    return "AccessLog{" + name + ", " + queue.size() + " queued, " + dropped() + " dropped}";
  }
}
