package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): a virtual thread per connection reads
 * two-byte-length-prefixed queries one after another (so pipelined queries are answered in
 * order), closes the connection when no complete query arrived within {@code idleTimeout}, and
 * refuses connections beyond {@code maxConnections}.
 */
final class TcpListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

  private final ServerSocket server;
  private final PacketResponder responder;
  private final QueryStats stats;
  private final long idleNanos;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private Thread acceptor;

  TcpListener(ServerSocket server, PacketResponder responder, QueryStats stats,
              Duration idleTimeout, int maxConnections) {
    this.server = requireNonNull(server, "server");
    this.responder = requireNonNull(responder, "responder");
    this.stats = requireNonNull(stats, "stats");
    this.idleNanos = idleTimeout.toNanos();
    this.slots = new Semaphore(maxConnections);
  }

  void start() {
    acceptor = Thread.ofPlatform().daemon().name("geo-dns-tcp-accept").start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.log(Level.WARNING, "TCP accept failed; continuing", e);
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        stats.tcpConnection(false);
        closeQuietly(socket); // past the bound: shed at once rather than queue
        continue;
      }
      stats.tcpConnection(true);
      open.add(socket);
      Thread.ofVirtual().name("geo-dns-tcp-conn").start(() -> {
        try {
          serve(socket);
        } finally {
          open.remove(socket);
          closeQuietly(socket);
          slots.release();
        }
      });
    }
  }

  private void serve(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[2 + PacketResponder.MAX_TCP_SIZE];
      while (true) {
        // The idle timeout runs from the last complete query (RFC 7766 6.2.3), so a client
        // trickling one byte at a time cannot hold a connection slot for ever.
        long deadline = System.nanoTime() + idleNanos;
        if (!readFully(socket, in, buffer, 0, 2, deadline)) {
          return; // the client is done
        }
        int length = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
        if (length > 0 && !readFully(socket, in, buffer, 2, length, deadline)) {
          return; // closed in the middle of a message
        }
        byte[] reply = responder.respond(buffer, 2, length, socket.getInetAddress(),
            PacketResponder.Transport.TCP);
        if (reply == null) {
          return; // nothing sensible to say: a stream that sends garbage headers gets closed
        }
        byte[] framed = new byte[reply.length + 2];
        framed[0] = (byte) (reply.length >>> 8);
        framed[1] = (byte) reply.length;
        System.arraycopy(reply, 0, framed, 2, reply.length);
        out.write(framed); // one write: prefix and message in one segment
      }
    } catch (SocketTimeoutException e) {
      LOG.log(Level.DEBUG, "closing idle TCP connection from {0}", socket.getInetAddress());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "TCP connection ended: {0}", e.toString());
    }
  }

  /**
   * Reads exactly {@code count} bytes into {@code buffer} at {@code offset} before
   * {@code deadline} (System.nanoTime); false if the stream ends first.
   */
  private static boolean readFully(Socket socket, InputStream in, byte[] buffer, int offset,
                                   int count, long deadline) throws IOException {
    for (int done = 0; done < count; ) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("no complete query in time");
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
      int read = in.read(buffer, offset + done, count - done);
      if (read < 0) {
        return false;
      }
      done += read;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(TcpListener::closeQuietly);
    if (acceptor != null) {
      try {
        acceptor.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "close failed", e);
    }
  }
}
