package io.nanoedge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;

/**
 * A CoAP peer with no stack of its own: it sends datagrams exactly as a test builds them (a lone first block, an
 * announced Size1, garbage) from its own UDP socket and reads what comes back, so a test can play the attacker a
 * well-behaved client refuses to be. Loopback only; one socket per instance (a new source port is a new peer).
 */
public final class RawCoap implements AutoCloseable {
  private static final AtomicInteger MID = new AtomicInteger(1);
  private final DatagramSocket socket;
  private final InetAddress host;
  private final int port;

  public RawCoap(int port) {
    try {
      this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.host = InetAddress.getLoopbackAddress();
    this.port = port;
  }

  /** {@code request} as bytes, with a fresh message id and token (its destination is not needed). */
  public static byte[] encode(Request request) {
    int mid = MID.getAndIncrement() & 0xFFFF;
    request.setMID(mid);
    if (request.getToken() == null) {
      request.setToken(new byte[] {(byte) (mid >> 8), (byte) mid});
    }
    return new UdpDataSerializer().getByteArray(request);
  }

  public void send(Request request) {
    send(encode(request));
  }

  public void send(byte[] datagram) {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length, host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next response (an ACK with a piggy-backed response, or a separate one), or null after {@code timeout}. */
  public Response receive(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return null;
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          return null;
        }
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        Message message = new UdpDataParser().parseMessage(data);
        if (message instanceof Response response) {
          return response;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} and waits for its response (null when none comes within {@code timeout}). */
  public Response exchange(Request request, Duration timeout) {
    send(request);
    return receive(timeout);
  }

  @Override
  public void close() {
    socket.close();
  }
}
