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
 * {@link #LARGE_BODY_BYTES}) in unlinked files in a directory, tmpfs by default ({@code /dev/shm}, i.e. RAM),
 * which hits send with {@code sendfile}: copying a 100 KiB body into the socket was over half of the edge's CPU
 * time per hit, and nginx and Varnish's file storage avoid it the same way. Without a directory, or when a file
 * cannot be written (tmpfs full), large bodies go to direct memory, which a socket write still copies but at
 * least only once.
 */
public final class BodyStorage {
  /** Bodies from this size on are kept out of the heap. */
  public static final int LARGE_BODY_BYTES = 64 * 1024;
  private static final System.Logger LOG = System.getLogger(BodyStorage.class.getName());

  private final Optional<Path> directory;
  private final AtomicLong openFiles = new AtomicLong();
  private final AtomicLong fileBytes = new AtomicLong();
  private volatile boolean warned;

  /** Large bodies in files in {@code directory}, or in direct memory when empty. */
  public BodyStorage(Optional<Path> directory) {
    this.directory = requireNonNull(directory, "directory");
  }

  /** {@code /dev/shm} when it is a writable directory (Linux), else none: large bodies then go to direct memory. */
  public static Optional<Path> defaultDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? Optional.of(shm) : Optional.empty();
  }

  /** A body holding {@code bytes[0..length)}; the caller holds its first lease (see {@link StoredBody}). */
  public StoredBody store(byte[] bytes, int length) {
    if (length < LARGE_BODY_BYTES) {
      return new MemoryBody(ByteBuffer.wrap(length == bytes.length ? bytes : Arrays.copyOf(bytes, length)));
    }
    if (directory.isPresent()) {
      try {
        return inFile(directory.get(), bytes, length);
      } catch (IOException e) {
        if (!warned) {
          warned = true;
          LOG.log(System.Logger.Level.WARNING, "cannot keep a body in " + directory.get() + " (" + e.getMessage()
              + "); large bodies go to direct memory until it can");
        }
      }
    }
    return new MemoryBody(ByteBuffer.allocateDirect(length).put(bytes, 0, length).flip());
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

  @Override
  public String toString() {
    return "BodyStorage{" + directory.map(Path::toString).orElse("direct memory") + ", " + openFiles() + " files}";
  }
}
