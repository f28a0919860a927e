package io.nanoedge.device.bridge;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.DeviceKind;
import io.nanoedge.bus.Motion;
import io.nanoedge.device.DeviceTests;
import io.nanoedge.device.presence.PresenceVerticle;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.StandInServices;
import io.nanoedge.testkit.Tools;
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
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCP event-bus bridge of a device node over TLS, with the Python PIR client and raw frames: a registered
 * device logs in first and then publishes only as its kind allows, for its own location; everyone else is refused
 * and nothing reaches the bus. The API's credential service is stood in on the bus.
 */
@ExtendWith(VertxExtension.class)
class EventBusBridgeTest {
  private static final String HERE = "corridor-2";
  private static final SelfSignedCertificate CERT = SelfSignedCertificate.create("localhost");
  private StandInServices world;
  private int port;
  private byte[] pirKey;
  private final List<Motion> motions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void presenceNodeWithBridge(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api());
    pirKey = world.device("pir-c2", DeviceKind.PIR, HERE);
    port = Ports.freeTcp();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MOTION.address(), m -> motions.add(Motion.fromJson(m.body())))
        .completion());
    deploy(vertx, PresenceVerticle.class.getName(), bridgeConfig());
  }

  private JsonObject bridgeConfig(String... more) {
    JsonObject config = config("bridge.enabled", "true", "bridge.port", String.valueOf(port),
        "bridge.tls-cert-file", CERT.certificatePath(), "bridge.tls-key-file", CERT.privateKeyPath());
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  @AfterEach
  void closeWorld() {
    await(world.close());
  }

  private static Path script() {
    Path path = Path.of("python", "pir_bridge.py");
    return Files.exists(path) ? path : Path.of("device-verticles", "python", "pir_bridge.py");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void pythonPirLogsInAndItsMotionReachesTheMotionAddress() throws Exception {
    Tools.require("python3", "python3");
    // WHEN the Python PIR script logs in over TLS as pir-c2 and publishes one motion
    Process python = new ProcessBuilder("python3", script().toString(), "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--ca", CERT.certificatePath(), "--identity", "pir-c2", "--key",
        Base64.getEncoder().encodeToString(pirKey), "--once").redirectErrorStream(true).start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
    // THEN it exits 0 and the motion is on nanoedge.presence.motion for its location, in the device's name
    assertThat(python.exitValue()).as(output).isZero();
    assertThat(eventually(3000, () -> !motions.isEmpty())).isTrue();
    assertThat(motions.get(0).location()).isEqualTo(HERE);
    assertThat(motions.get(0).source()).isEqualTo("device:pir-c2");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void nothingIsHonouredBeforeALogin() throws Exception {
    try (Client client = new Client(port)) {
      // WHEN a client publishes a motion without logging in first
      client.send(motion(HERE));
      // THEN it is told why and the connection is closed; no motion is published
      assertThat(client.read().getString("message")).isEqualTo("the first frame must be a login");
      assertThat(client.closed()).isTrue();
    }
    assertThat(motions).isEmpty();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aWrongKeyAnUnknownDeviceAndAReplayedLoginAreRefused() throws Exception {
    byte[] wrong = pirKey.clone();
    wrong[3] ^= 1;
    long now = System.currentTimeMillis();
    JsonObject good = login("pir-c2", pirKey, now);
    // WHEN clients log in with a wrong key, as an unknown device, with a stale proof, and the good login twice
    List<JsonObject> attempts = List.of(login("pir-c2", wrong, now), login("pir-x", pirKey, now),
        login("pir-c2", pirKey, now - 120_000));
    for (JsonObject attempt : attempts) {
      try (Client client = new Client(port)) {
        client.send(attempt);
        // THEN each is refused with the same message, and closed
        assertThat(client.read().getString("message")).isEqualTo("login refused");
        assertThat(client.closed()).isTrue();
      }
    }
    try (Client first = new Client(port)) {
      first.send(good);
      assertThat(first.read().getString("type")).isEqualTo("login");
    }
    try (Client replay = new Client(port)) {
      replay.send(good);
      assertThat(replay.read().getString("message")).isEqualTo("login refused");
    }
    assertThat(motions).isEmpty();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aPirPublishesOnlyForItsOwnLocationAndInItsOwnName() throws Exception {
    try (Client client = loggedIn("pir-c2", pirKey)) {
      // WHEN the PIR of corridor-2 publishes motion at the entrance
      client.send(motion(StandInServices.ENTRANCE));
      // THEN it is refused naming why, and only the motion at its own location (sent next) is published
      assertThat(client.read().getString("message")).contains("acts only for its own location corridor-2");
      assertOnlyMarkerArrives(client);
    }
    assertThat(motions.get(0).source()).isEqualTo("device:pir-c2");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anotherKindOrAnAddressOutsideTheAllowListIsRefused(Vertx vertx) throws Exception {
    // GIVEN an LED device registered at corridor-2, and a consumer on an address the bridge does not open
    byte[] led = world.device("led-c2", DeviceKind.LED, HERE);
    List<Object> detected = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().consumer(Addresses.DETECT.address(), m -> detected.add(m.body())).completion());
    try (Client client = loggedIn("led-c2", led)) {
      // WHEN the LED device publishes motion at its own location
      client.send(motion(HERE));
      // THEN it is refused for its kind
      assertThat(client.read().getString("message")).contains("is a led and may not send");
    }
    try (Client client = loggedIn("pir-c2", pirKey)) {
      // WHEN the PIR sends to the controller's DETECT command
      client.send(new JsonObject().put("type", "send").put("address", Addresses.DETECT.address())
          .put("body", new JsonObject().put("location", HERE)));
      // THEN access is denied and nothing reaches the address
      assertThat(client.read().getString("message")).startsWith("access_denied");
      assertOnlyMarkerArrives(client);
    }
    assertThat(detected).isEmpty();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anInvalidMotionOrAFrameThatIsNotJsonIsRefusedAndTheConnectionGoesOn() throws Exception {
    try (Client client = loggedIn("pir-c2", pirKey)) {
      // WHEN the device publishes a motion without a location, then a frame that is not JSON
      client.send(new JsonObject().put("type", "publish").put("address", Addresses.MOTION.address())
          .put("body", new JsonObject().put("where", HERE)));
      JsonObject invalid = client.read();
      client.raw("this is not json".getBytes(StandardCharsets.UTF_8));
      JsonObject notJson = client.read();
      // THEN each is refused naming what is wrong, the connection keeps working, and nothing was published
      assertThat(invalid.getString("message")).contains("invalid motion").contains("'where'");
      assertThat(notJson.getString("message")).isEqualTo("frame is not a JSON object");
      client.send(new JsonObject().put("type", "ping"));
      assertThat(client.read().getString("type")).isEqualTo("pong");
      assertOnlyMarkerArrives(client);
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aFrameLargerThanTheLimitClosesTheConnectionBeforeItIsRead() throws Exception {
    try (Client client = new Client(port)) {
      // WHEN a client announces a 64 MiB frame (and sends a little of it)
      client.out.writeInt(64 << 20);
      client.out.write(new byte[1000]);
      client.out.flush();
      // THEN the bridge says why and closes the connection without waiting for the rest
      assertThat(client.read().getString("message")).contains("larger than bridge.max-frame (4096)");
      assertThat(client.closed()).isTrue();
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void connectionsAboveTheCapAreClosedAtOnce(Vertx vertx) throws Exception {
    // GIVEN a node whose bridge takes two connections
    await(world.close());
    world = new StandInServices(vertx);
    await(world.api());
    pirKey = world.device("pir-c2", DeviceKind.PIR, HERE);
    port = Ports.freeTcp();
    deploy(vertx, EventBusBridgeVerticle.class.getName(), bridgeConfig("bridge.max-connections", "2"));
    try (Client one = loggedIn("pir-c2", pirKey); Client two = new Client(port); Client three = new Client(port)) {
      // WHEN a third client connects while two are open
      // THEN it is closed at once, while the first still works
      assertThat(three.closed()).isTrue();
      one.send(new JsonObject().put("type", "ping"));
      assertThat(one.read().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void withoutACertificateTheBridgeDoesNotStartUnlessPlainIsChosen(Vertx vertx) {
    assertThatThrownBy(() -> deploy(vertx, EventBusBridgeVerticle.class.getName(),
        config("bridge.enabled", "true", "bridge.port", String.valueOf(Ports.freeTcp()))))
        .hasMessageContaining("bridge.tls-cert-file").hasMessageContaining("bridge.plain");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void secondDeviceRoleOnTheNodeSharesTheBridge(Vertx vertx) throws Exception {
    // WHEN the led role starts on the same node with the same bridge settings
    deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle", bridgeConfig());
    // THEN it starts (no second bridge fighting for the port) and the one bridge answers
    try (Client client = loggedIn("pir-c2", pirKey)) {
      client.send(new JsonObject().put("type", "ping"));
      assertThat(client.read().getString("type")).isEqualTo("pong");
    }
  }

  private static JsonObject login(String identity, byte[] key, long at) {
    return new JsonObject().put("type", "login").put("identity", identity).put("at", at)
        .put("proof", BridgeLogin.proof(key, identity, at));
  }

  private Client loggedIn(String identity, byte[] key) throws Exception {
    Client client = new Client(port);
    client.send(login(identity, key, System.currentTimeMillis()));
    JsonObject reply = client.read();
    assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("login");
    return client;
  }

  private static JsonObject motion(String location) {
    return new JsonObject().put("type", "publish").put("address", Addresses.MOTION.address())
        .put("body", new JsonObject().put("location", location).put("source", "forged"));
  }

  /** A bare bridge client over TLS trusting the test certificate: 4-byte big-endian length + UTF-8 JSON frames. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Client(int port) throws Exception {
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
      socket = tls.getSocketFactory().createSocket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      try {
        // The bridge sees a connection once its TLS handshake is done.
        ((SSLSocket) socket).startHandshake();
      } catch (IOException e) {
        // Closed during the handshake (over the cap): closed() reports it.
      }
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    void send(JsonObject frame) throws IOException {
      raw(frame.encode().getBytes(StandardCharsets.UTF_8));
    }

    void raw(byte[] payload) throws IOException {
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }

    JsonObject read() throws IOException {
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    }

    /** Whether the bridge closed the connection (end of stream or reset) rather than leaving it open. */
    boolean closed() throws IOException {
      try {
        return in.read() == -1;
      } catch (EOFException | SocketException | SSLException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Publishes a valid motion after whatever came before; once it arrives, nothing sent before it can still come. */
  private void assertOnlyMarkerArrives(Client client) throws Exception {
    client.send(motion(HERE));
    assertThat(DeviceTests.eventually(5000, () -> !motions.isEmpty())).as("the marker motion arrives").isTrue();
    assertThat(motions).extracting(Motion::location).containsExactly(HERE);
  }
}
