package dev.cdnsim.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** Sends raw bytes over a socket (optionally from a chosen loopback address) and returns everything read until close. */
public final class RawHttp {
  private RawHttp() {}

  /** Whether a response with a Content-Length has fully arrived (keep-alive connections stay open). */
  private static boolean complete(String soFar) {
    int end = soFar.indexOf("\r\n\r\n");
    if (end < 0) return false;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(soFar.substring(0, end));
    return m.find() && soFar.length() - end - 4 >= Integer.parseInt(m.group(1));
  }

  static String exchange(int port, String from, String request) throws IOException {
    return exchanges(port, from, request).get(0);
  }

  /** Sends each request on one connection after the answer to the one before has come; returns the answers. */
  static List<String> exchanges(int port, String from, String... requests) throws IOException {
    try (Socket s = new Socket()) {
      if (from != null) s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.setSoTimeout(5000);
      s.connect(new InetSocketAddress("127.0.0.1", port));
      List<String> answers = new ArrayList<>();
      for (String request : requests) {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        answers.add(readAnswer(s.getInputStream()));
      }
      return answers;
    }
  }

  /** Reads until an answer with a Content-Length is whole, or the connection ends. */
  static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      if (complete(out.toString(StandardCharsets.ISO_8859_1))) break;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * A raw server on a loopback port: each accepted connection goes to {@code serve} on a task of {@code threads},
   * until the socket closes.
   */
  static ServerSocket serveEach(ExecutorService threads, Consumer<Socket> serve) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          threads.execute(() -> serve.accept(s));
        } catch (IOException closed) {
          return;
        }
      }
    });
    return server;
  }

  /** What a raw replica does with one request head on its connection. */
  interface HeadAnswer {
    /** Answers {@code head} on {@code in}/{@code out}; false when the connection is done with. */
    boolean answer(String head, InputStream in, OutputStream out) throws IOException, InterruptedException;
  }

  /**
   * Reads request heads from {@code s} (10 s read timeout, no Nagle delay), adds each to {@code heads} and has
   * {@code answer} answer it, until the connection ends (true) or the answer says it is done with (false).
   */
  static boolean answerEach(Socket s, Collection<String> heads, HeadAnswer answer)
      throws IOException, InterruptedException {
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    for (String head; (head = readHead(in)) != null; ) {
      heads.add(head);
      if (!answer.answer(head, in, out)) return false;
    }
    return true;
  }

  /** Reads one message head, up to its empty line; null when the connection ends first. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0; ) {
      head.write(c);
      int n = head.size();
      if (n >= 4 && c == '\n' && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** Sends {@code request} to the edge on {@code port} and returns everything it sends back until it closes (5 s). */
  static String sendUntilClosed(int port, String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return readUntilClosed(s.getInputStream());
    }
  }

  /** Everything read until the edge closes the connection; fails if it is still open when the read times out. */
  static String readUntilClosed(InputStream in) throws IOException {
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the edge kept the connection open; read so far: " + got, e);
    } catch (IOException reset) {
      // closed with a reset: closed all the same
    }
    return got.toString();
  }
}
