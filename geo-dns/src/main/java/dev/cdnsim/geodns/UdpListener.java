package dev.cdnsim.geodns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A few receive loops on one bound {@link DatagramChannel}, each answering inline: no hand-off,
 * no queue, so a reply costs one receive, one parse and one send.
 */
final class UdpListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());
  /** The largest UDP payload; anything a client can send fits. */
  private static final int RECEIVE_BUFFER = 65535;

  private final DatagramChannel channel;
  private final PacketResponder responder;
  private final List<Thread> loops = new ArrayList<>();

  UdpListener(DatagramChannel channel, PacketResponder responder) {
    this.channel = requireNonNull(channel, "channel");
    this.responder = requireNonNull(responder, "responder");
  }

  void start(int threads) {
    for (int i = 0; i < threads; i++) {
      loops.add(Thread.ofPlatform().daemon().name("geo-dns-udp-" + i).start(this::receiveLoop));
    }
  }

  private void receiveLoop() {
    ByteBuffer in = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    byte[] packet = new byte[RECEIVE_BUFFER];
    while (channel.isOpen()) {
      try {
        in.clear();
        InetSocketAddress from = (InetSocketAddress) channel.receive(in);
        in.flip();
        int length = in.remaining();
        in.get(packet, 0, length);
        byte[] reply = responder.respond(packet, 0, length, from.getAddress(),
            PacketResponder.Transport.UDP);
        if (reply != null) {
          channel.send(ByteBuffer.wrap(reply), from);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // A send to a vanished client (ICMP unreachable) must not stop the server.
        LOG.log(Level.DEBUG, "UDP receive/send failed; continuing", e);
      } catch (RuntimeException | Error e) {
        // The responder catches what a packet can cause; this is a bug or the VM in trouble.
        // Either way a dead loop would silently halve the server: log and keep serving.
        LOG.log(Level.ERROR, "unexpected error in UDP loop; continuing", e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close(); // wakes every blocked receive with AsynchronousCloseException
    for (Thread loop : loops) {
      try {
        loop.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
