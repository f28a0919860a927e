package io.nanoedge.device.bridge;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.DeviceKind;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bridge device that listens but stops reading is dropped rather than having the node queue everything for it
 * ({@link BridgeConnection}: a listener whose write queue is full). The node takes one bridge connection only, so a
 * new device getting in at all shows the slow one is no longer counted.
 *
 * <p>Over TLS (the default) the drop does not happen with Vert.x 5.0.7: {@code NetSocket.writeQueueFull()} stays
 * false while 32 MiB queue up for a client that does not read, so the node holds all of it. That case is here,
 * disabled, until the bridge watches its queue another way; over plain TCP the check works.
 */
@ExtendWith(VertxExtension.class)
class BridgeBackPressureTest {
  private static final String HERE = "corridor-2";
  private static final String ADDRESS = "nanoedge.test.bridge-out." + HERE;
  private static final SelfSignedCertificate CERT = SelfSignedCertificate.create("localhost");
  /** 1000 messages of 32 KiB: 32 MiB, far more than the loopback socket buffers (a few MiB) can absorb. */
  private static final int MESSAGES = 1000;
  private static final String PAYLOAD = "x".repeat(32 * 1024);
  private StandInServices world;
  private int port;
  private byte[] slowKey;
  private byte[] goodKey;

  private boolean tls;

  @BeforeEach
  void devices(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api());
    slowKey = world.device("pir-c2", DeviceKind.PIR, HERE);
    goodKey = world.device("led-c2", DeviceKind.LED, HERE);
    port = Ports.freeTcp();
  }

  /** A bridge that takes one connection and lets devices listen to {@link #ADDRESS}, over TLS or plain TCP. */
  private void bridge(Vertx vertx, boolean overTls) {
    tls = overTls;
    deploy(vertx, EventBusBridgeVerticle.class.getName(), config("bridge.enabled", "true",
        "bridge.port", String.valueOf(port), "bridge.plain", String.valueOf(!overTls),
        "bridge.tls-cert-file", CERT.certificatePath(), "bridge.tls-key-file", CERT.privateKeyPath(),
        "bridge.outbound", "nanoedge.test.bridge-out.{location}", "bridge.max-connections", "1"));
  }

  @AfterEach
  void closeWorld() {
    await(world.close());
  }

  @Test
  @Timeout(value = 50, timeUnit = TimeUnit.SECONDS)
  void aPlainTcpListenerThatStopsReadingIsDroppedAndTheBridgeServesTheNextDevice(Vertx vertx) throws Exception {
    bridge(vertx, false);
    slowListenerIsDroppedAndTheNextDeviceServed(vertx);
  }

  @Test
  @Timeout(value = 50, timeUnit = TimeUnit.SECONDS)
  void aTlsListenerThatStopsReadingIsDroppedAndTheBridgeServesTheNextDevice(Vertx vertx) throws Exception {
    bridge(vertx, true);
    slowListenerIsDroppedAndTheNextDeviceServed(vertx);
  }

  private void slowListenerIsDroppedAndTheNextDeviceServed(Vertx vertx) throws Exception {
    // GIVEN a device with a tiny receive buffer that logs in, listens to its address, then stops reading
    try (Client slow = loggedIn("pir-c2", slowKey, 4096)) {
      listen(slow);
      // WHEN 32 MiB are published to that address
      for (int i = 0; i < MESSAGES; i++) {
        vertx.eventBus().publish(ADDRESS, PAYLOAD);
      }
      // THEN the bridge, which takes one connection, soon lets a well-behaved device in: the slow one is gone
      AtomicReference<Client> next = new AtomicReference<>();
      assertThat(eventually(20_000,
          () -> next.updateAndGet(c -> c != null ? c : tryLogin("led-c2", goodKey)) != null))
          .as("a second device gets in (the slow one, still not reading, was dropped from the only slot)").isTrue();
      try (Client good = next.get()) {
        // AND it is sent what is published from now on
        listen(good);
        vertx.eventBus().publish(ADDRESS, "after");
        JsonObject frame = good.read();
        assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("message");
        assertThat(frame.getString("body")).isEqualTo("after");
      }
      // AND the slow device, once it reads again, gets only part of what was published, then finds the
      // connection closed (not merely silent)
      int received = 0;
      boolean closed;
      try {
        while (true) {
          if ("message".equals(slow.read().getString("type"))) {
            received++;
          }
        }
      } catch (EOFException | SocketException | SSLException e) {
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      }
      assertThat(closed).as("the slow listener's connection is closed (%d of %d messages read)", received,
          MESSAGES).isTrue();
      assertThat(received).as("messages that reached the slow listener").isLessThan(MESSAGES / 2);
    }
  }

  /** A logged-in client, or null if the bridge closed the connection (over its connection cap). */
  private Client tryLogin(String identity, byte[] key) {
    Client client = null;
    try {
      client = new Client(port, tls, 0);
      login(client, identity, key);
      return client;
    } catch (Exception | AssertionError e) {
      if (client != null) {
        try {
          client.close();
        } catch (IOException ignored) {
          // already closed by the bridge
        }
      }
      return null;
    }
  }

  /** Registers on {@link #ADDRESS}; the pong to the ping after it shows the registration was handled. */
  private static void listen(Client client) throws IOException {
    client.send(new JsonObject().put("type", "register").put("address", ADDRESS));
    client.send(new JsonObject().put("type", "ping"));
    JsonObject reply = client.read();
    assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("pong");
  }

  private Client loggedIn(String identity, byte[] key, int receiveBuffer) throws Exception {
    Client client = new Client(port, tls, receiveBuffer);
    login(client, identity, key);
    return client;
  }

  private static void login(Client client, String identity, byte[] key) throws IOException {
    long at = System.currentTimeMillis();
    client.send(new JsonObject().put("type", "login").put("identity", identity).put("at", at)
        .put("proof", BridgeLogin.proof(key, identity, at)));
    JsonObject reply = client.read();
    assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("login");
  }

  /** A bare bridge client, over TLS trusting the test certificate or plain; {@code receiveBuffer} 0: the default. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Client(int port, boolean tls, int receiveBuffer) throws Exception {
      socket = tls ? trustingTestCertificate().getSocketFactory().createSocket() : new Socket();
      if (receiveBuffer > 0) {
        // Before connecting, so the window offered to the bridge is small from the start.
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      if (tls) {
        ((SSLSocket) socket).startHandshake();
      }
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    private static SSLContext trustingTestCertificate() throws Exception {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream pem = Files.newInputStream(Path.of(CERT.certificatePath()))) {
        Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
        trust.setCertificateEntry("bridge", cert);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    }

    void send(JsonObject frame) throws IOException {
      byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }

    JsonObject read() throws IOException {
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
