package io.nanoedge.shellclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A minimal telnet client for the operator's shell: {@code nanoedge shell} in an image that has no telnet, and the
 * tests. It answers the option negotiation the way a terminal does (binary, suppress-go-ahead, echo by the
 * server, terminal type, and a window size — termd refuses a 0x0 terminal) and collects what the server prints as
 * plain text without escape sequences.
 */
public final class ShellClient implements AutoCloseable {
  private static final int IAC = 255;
  private static final int DONT = 254;
  private static final int DO = 253;
  private static final int WONT = 252;
  private static final int WILL = 251;
  private static final int SB = 250;
  private static final int SE = 240;
  private static final int BINARY = 0;
  private static final int ECHO = 1;
  private static final int SGA = 3;
  private static final int TTYPE = 24;
  private static final int NAWS = 31;
  private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[()][A-Z0-9]|[=>78])");
  public static final String PROMPT = "% ";

  private final Socket socket;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Thread reader;
  private final int cols;
  private final int rows;
  private int consumed;
  private boolean closed;

  private ShellClient(Socket socket, int cols, int rows) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.cols = cols;
    this.rows = rows;
    InputStream in = socket.getInputStream();
    reader = new Thread(() -> read(in), "telnet-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static ShellClient connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    return new ShellClient(socket, 160, 50);
  }

  private void read(InputStream in) {
    try {
      int b;
      while ((b = in.read()) != -1) {
        if (b != IAC) {
          data(b);
          continue;
        }
        int cmd = in.read();
        switch (cmd) {
          case DO, DONT, WILL, WONT -> negotiate(cmd, in.read());
          case SB -> subnegotiation(in);
          case IAC -> data(IAC);
          default -> {
            // NOP, GA and the like carry nothing for a line-mode client
          }
        }
      }
    } catch (IOException e) {
      // the connection closed: waiting callers are told below
    }
    synchronized (received) {
      closed = true;
      received.notifyAll();
    }
  }

  private void negotiate(int cmd, int option) throws IOException {
    switch (cmd) {
      case DO -> {
        if (option == NAWS) {
          send(IAC, WILL, NAWS);
          send(IAC, SB, NAWS, cols >> 8, cols & 0xFF, rows >> 8, rows & 0xFF, IAC, SE);
        } else if (option == TTYPE || option == BINARY || option == SGA) {
          send(IAC, WILL, option);
        } else {
          send(IAC, WONT, option);
        }
      }
      case WILL -> send(IAC, option == ECHO || option == SGA || option == BINARY ? DO : DONT, option);
      default -> {
        // DONT / WONT need no answer
      }
    }
  }

  private void subnegotiation(InputStream in) throws IOException {
    int option = in.read();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == IAC) {
        int next = in.read();
        if (next == SE) {
          break;
        }
        body.write(next);
      } else {
        body.write(b);
      }
    }
    if (option == TTYPE && body.size() > 0 && body.toByteArray()[0] == 1) {
      byte[] name = "xterm".getBytes(StandardCharsets.US_ASCII);
      synchronized (out) {
        out.write(new byte[] {(byte) IAC, (byte) SB, TTYPE, 0});
        out.write(name);
        out.write(new byte[] {(byte) IAC, (byte) SE});
        out.flush();
      }
    }
  }

  private void send(int... bytes) throws IOException {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    synchronized (out) {
      out.write(raw);
      out.flush();
    }
  }

  private void data(int b) {
    synchronized (received) {
      received.write(b);
      received.notifyAll();
    }
  }

  /** Everything printed so far, as plain text. */
  public String text() {
    synchronized (received) {
      return plain(received.toString(StandardCharsets.UTF_8));
    }
  }

  public static String plain(String raw) {
    String text = ESCAPES.matcher(raw).replaceAll("").replace("\r", "");
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\b') {
        if (out.length() > 0) {
          out.setLength(out.length() - 1);
        }
      } else if (c == '\n' || c == '\t' || c >= ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Waits until the text printed since the last wait contains {@code expected}; returns that new text. */
  public String await(String expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        String all = text();
        String fresh = all.substring(Math.min(consumed, all.length()));
        int at = fresh.indexOf(expected);
        if (at >= 0) {
          consumed += at + expected.length();
          return fresh.substring(0, at + expected.length());
        }
        if (closed) {
          throw new IllegalStateException("the shell closed the connection; it said: "
              + fresh.strip().replace('\n', ' '));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no '" + expected + "' within " + timeout.toMillis() + " ms; received "
              + "since last wait:\n" + fresh);
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  /** Waits until the shell closes the connection; returns the text printed since the last wait. */
  public String awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the shell did not close the connection within " + timeout.toMillis()
              + " ms");
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      String all = text();
      String fresh = all.substring(Math.min(consumed, all.length()));
      consumed = all.length();
      return fresh;
    }
  }

  /** Waits for the prompt the shell shows after its welcome message. */
  public void awaitPrompt() {
    await("\n" + PROMPT, Duration.ofSeconds(10));
  }

  /** Types a line (as a terminal does: ends with CR) and returns what the command printed before the next prompt. */
  public String command(String line) throws IOException {
    type(line + "\r");
    String output = await("\n" + PROMPT, Duration.ofSeconds(15));
    // The server echoes the typed line first; the command's own output follows it.
    int echo = output.indexOf(line);
    String rest = echo >= 0 ? output.substring(echo + line.length()) : output;
    rest = rest.startsWith("\n") ? rest.substring(1) : rest;
    return rest.substring(0, rest.length() - PROMPT.length());
  }

  public void type(String keys) throws IOException {
    synchronized (out) {
      out.write(keys.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** Bytes as they are, telnet's commands included (a client that is not a terminal, in tests). */
  public void sendRaw(byte[] raw) throws IOException {
    synchronized (out) {
      out.write(raw);
      out.flush();
    }
  }

  /** Ctrl-C, as a terminal sends it in character mode. */
  public void interrupt() throws IOException {
    type("\u0003");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
