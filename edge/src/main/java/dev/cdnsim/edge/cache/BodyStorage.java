package dev.cdnsim.edge.cache;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where stored bodies live. Small ones on the heap, where GC frees them promptly. Large ones (from
 * {@link #LARGE_BODY_BYTES}) under {@link #SENDFILE_BELOW_BYTES} in unlinked files in a directory, tmpfs by default
 * ({@code /dev/shm}, i.e. RAM), which hits send with {@code sendfile}: the kernel hands the file's pages to the
 * socket instead of copying the body, as nginx does. Larger ones, and any large one when there is no directory or
 * a file cannot be written (tmpfs is 64 MiB in a default Docker container), in pages of direct memory
 * ({@link PagePool}) that hits write with one gathering write: {@code sendfile} pays per page, and on Linux
 * loopback a client received 1 MiB bodies written from pages at twice the rate of the same bodies sent from tmpfs,
 * while 100 KiB bodies came as fast either way and with a lower p99 from files (docs/benchmarks.md run Z). Files
 * and pages are freed when the body's last lease goes. When the pool is at its limit, a large body goes to the heap.
 */
public final class BodyStorage {
  /** Bodies from this size on are kept out of the heap. */
  public static final int LARGE_BODY_BYTES = 64 * 1024;
  /** Large bodies from this size on go to pages even when there is a directory. */
  public static final int SENDFILE_BELOW_BYTES = 512 * 1024;
  private static final System.Logger LOG = System.getLogger(BodyStorage.class.getName());

  private final Optional<Path> directory;
  private final PagePool pages;
  private final AtomicLong openFiles = new AtomicLong();
  private final AtomicLong fileBytes = new AtomicLong();
  private volatile boolean warned;

  /** Large bodies in files in {@code directory} (up to {@link #SENDFILE_BELOW_BYTES}) or in {@code pages}. */
  public BodyStorage(Optional<Path> directory, PagePool pages) {
    this.directory = requireNonNull(directory, "directory");
    this.pages = requireNonNull(pages, "pages");
  }

  /** {@code /dev/shm} when it is a writable directory (Linux), else none: large bodies then all go to pages. */
  public static Optional<Path> defaultDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? Optional.of(shm) : Optional.empty();
  }

  /**
   * Storage for a cache of {@code cacheBytes}: its pages may hold that much and a quarter more (at least 64 MiB
   * more) for bodies that left the cache while still being sent.
   */
  public static BodyStorage forCache(long cacheBytes, Optional<Path> directory) {
    long headroom = Math.max(cacheBytes / 4, 64L * 1024 * 1024);
    long limit = cacheBytes > Long.MAX_VALUE - headroom ? Long.MAX_VALUE : cacheBytes + headroom;
    return new BodyStorage(directory, new PagePool(limit));
  }

  /** A body holding {@code bytes[0..length)}; the caller holds its first lease (see {@link StoredBody}). */
  public StoredBody store(byte[] bytes, int length) {
    if (length < LARGE_BODY_BYTES) return onHeap(bytes, length);
    if (directory.isPresent() && length < SENDFILE_BELOW_BYTES) {
      try {
        return inFile(directory.get(), bytes, length);
      } catch (IOException e) {
        if (!warned) {
          warned = true;
          LOG.log(System.Logger.Level.WARNING, "cannot keep a body in " + directory.get() + " (" + e.getMessage()
              + "); large bodies go to memory pages until it can");
        }
      }
    }
    ByteBuffer[] taken = pages.take(length);
    return taken == null ? onHeap(bytes, length) : new PagedBody(taken, bytes, length, pages);
  }

  private static MemoryBody onHeap(byte[] bytes, int length) {
    return new MemoryBody(ByteBuffer.wrap(length == bytes.length ? bytes : Arrays.copyOf(bytes, length)));
  }

  private FileBody inFile(Path dir, byte[] bytes, int length) throws IOException {
    Path path = Files.createTempFile(dir, "cdnsim-body-", "");
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } finally {
      Files.deleteIfExists(path);
    }
    try {
      ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
      while (src.hasRemaining()) channel.write(src, FileBody.START + src.position());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    openFiles.incrementAndGet();
    fileBytes.addAndGet(length);
    return new FileBody(channel, length, closed -> {
      openFiles.decrementAndGet();
      fileBytes.addAndGet(-closed);
    });
  }

  /** Bodies held in files now (stored, or still being sent after leaving the cache). */
  public long openFiles() {
    return openFiles.get();
  }

  /** Bytes held in those files. */
  public long fileBytes() {
    return fileBytes.get();
  }

  /** Bytes in pages that hold a body now. */
  public long pageBytes() {
    return pages.usedBytes();
  }

  /** Direct memory taken for pages so far: the high-water mark, as slabs are kept for reuse, not given back. */
  public long pageSlabBytes() {
    return pages.allocatedBytes();
  }

  @Override
  public String toString() {
    return "BodyStorage{" + directory.map(Path::toString).orElse("no directory") + ", " + openFiles() + " files, "
        + pages + "}";
  }
}
