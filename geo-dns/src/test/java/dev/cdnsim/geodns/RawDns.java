package dev.cdnsim.geodns;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/** Talks to a server on 127.0.0.1 with raw bytes or dnsjava's resolver, from a chosen source. */
final class RawDns {
  private RawDns() {}

  /** Replies come in microseconds; the margin is for a machine loaded by parallel builds. */
  static final Duration REPLY_WAIT = Duration.ofSeconds(5);

  /** Sends {@code packet} over UDP from {@code source}; the reply, or empty after 5 seconds. */
  static Optional<byte[]> udp(int port, String source, byte[] packet) throws IOException {
    return udp(port, source, packet, REPLY_WAIT);
  }

  /** Sends {@code packet} over UDP from {@code source}; the reply, or empty after {@code wait}. */
  static Optional<byte[]> udp(int port, String source, byte[] packet, Duration wait)
      throws IOException {
    try (DatagramSocket socket = new DatagramSocket(
        new InetSocketAddress(DefaultTopology.ip(source), 0))) {
      socket.setSoTimeout((int) wait.toMillis());
      socket.send(new DatagramPacket(packet, packet.length,
          new InetSocketAddress(DefaultTopology.ip("127.0.0.1"), port)));
      byte[] buffer = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(reply);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      return Optional.of(Arrays.copyOf(buffer, reply.getLength()));
    }
  }

  static Message udpMessage(int port, String source, Message query) throws IOException {
    return new Message(udp(port, source, query.toWire(65535)).orElseThrow());
  }

  /** A dnsjava resolver for the server, bound to {@code source}, over UDP or TCP. */
  static SimpleResolver resolver(int port, String source, boolean tcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver(DefaultTopology.ip("127.0.0.1"));
    resolver.setPort(port);
    resolver.setLocalAddress(new InetSocketAddress(DefaultTopology.ip(source), 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(REPLY_WAIT);
    return resolver;
  }

  /** Connects over TCP from {@code source}, with a read timeout that bounds every test. */
  static Socket tcp(int port, String source) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(DefaultTopology.ip(source), 0));
    socket.connect(new InetSocketAddress(DefaultTopology.ip("127.0.0.1"), port), 2000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static void writeFramed(OutputStream out, byte[]... messages) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] m : messages) {
      all.write(m.length >>> 8);
      all.write(m.length & 0xff);
      all.write(m);
    }
    out.write(all.toByteArray()); // in one write: the server sees them pipelined
    out.flush();
  }

  static Message readFramed(DataInputStream in) throws IOException {
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return new Message(reply);
  }
}
