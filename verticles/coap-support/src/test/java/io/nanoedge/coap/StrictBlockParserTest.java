package io.nanoedge.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A datagram whose payload overruns the block size its own Block1 announces: with Californium's own parser the
 * endpoint logs an ERROR and the sender hears nothing (the first test fails so); with the strict parser the sender
 * of a confirmable request gets 4.00 naming the problem and nothing reaches the resource. An honest block-wise
 * upload still arrives whole.
 */
class StrictBlockParserTest {
  private CoapServer server;
  private CoapEndpoint endpoint;
  private final AtomicInteger posts = new AtomicInteger();
  private int bodyBytes;
  private int extra;

  @BeforeEach
  void start() {
    server = new CoapServer(Californium.configuration());
    endpoint = Californium.endpoint(Californium.configuration())
        .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
    server.addEndpoint(endpoint);
    server.add(new CoapResource("echo") {
      @Override
      public void handlePOST(CoapExchange exchange) {
        posts.incrementAndGet();
        bodyBytes = exchange.getRequestPayload().length;
        exchange.respond(ResponseCode.CHANGED);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void oversizeBlockIsRefusedWithTheReason() throws Exception {
    Message answer = exchange(block1Post(5, 8, 4711), Type.CON);
    assertThat(answer).isInstanceOf(Response.class);
    Response response = (Response) answer;
    assertThat(response.getType()).isEqualTo(Type.ACK);
    assertThat(response.getMID()).isEqualTo(4711);
    assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(response.getPayloadString())
        .isEqualTo("Message with 520 bytes payload exceeds the blocksize of 512 bytes!");
    assertThat(posts).hasValue(0);
  }

  @Test
  void nonConfirmableOversizeBlockIsDroppedSilently() throws Exception {
    assertThat(exchange(block1Post(2, 36, 4712), Type.NON)).isNull();
    assertThat(posts).hasValue(0);
  }

  @Test
  void honestBlockwiseUploadArrivesWhole() throws Exception {
    CoapClient client = new CoapClient("coap://127.0.0.1:" + endpoint.getAddress().getPort() + "/echo");
    CoapEndpoint own = CoapEndpoint.builder().setConfiguration(Californium.configuration())
        .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
    client.setEndpoint(own);
    client.setTimeout(5000L);
    try {
      client.useEarlyNegotiation(64);
      byte[] body = new byte[300];
      Arrays.fill(body, (byte) 'x');
      assertThat(client.post(body, MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CHANGED);
      assertThat(posts).hasValue(1);
      assertThat(bodyBytes).isEqualTo(300);
    } finally {
      client.shutdown();
      own.destroy();
    }
  }

  /** A POST whose Block1 announces blocks of {@code 2^(szx+4)} bytes; the datagram carries {@code extra} more. */
  private Request block1Post(int szx, int extra, int mid) {
    Request request = new Request(Code.POST);
    request.getOptions().addUriPath("echo");
    request.getOptions().setBlock1(szx, true, 0);
    byte[] payload = new byte[1 << (szx + 4)];
    Arrays.fill(payload, (byte) 'a');
    request.setPayload(payload);
    request.setMID(mid);
    request.setToken(Token.fromProvider(new byte[] {1, 2, 3, 4}));
    request.setDestinationContext(new AddressEndpointContext(endpoint.getAddress()));
    this.extra = extra;
    return request;
  }

  /** Sends {@code request} as a raw datagram of type {@code type}; the parsed answer, or null after 1 s. */
  private Message exchange(Request request, Type type) throws Exception {
    request.setType(type);
    byte[] honest = new UdpDataSerializer().serializeRequest(request).getBytes();
    byte[] bytes = Arrays.copyOf(honest, honest.length + extra);
    Arrays.fill(bytes, honest.length, bytes.length, (byte) 'a');
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(1000);
      socket.send(new DatagramPacket(bytes, bytes.length, endpoint.getAddress()));
      byte[] buffer = new byte[2048];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (java.net.SocketTimeoutException silent) {
        return null;
      }
      return new UdpDataParser().parseMessage(Arrays.copyOf(buffer, packet.getLength()));
    }
  }
}
