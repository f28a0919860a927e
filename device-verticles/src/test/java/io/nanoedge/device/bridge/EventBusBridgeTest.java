package io.nanoedge.device.bridge;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Motion;
import io.nanoedge.device.DeviceTests;
import io.nanoedge.device.presence.PresenceVerticle;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.Tools;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The TCP event-bus bridge of a device node, with the Python PIR client and raw frames. */
@ExtendWith(VertxExtension.class)
class EventBusBridgeTest {
  private int port;
  private final List<Motion> motions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void presenceNodeWithBridge(Vertx vertx) {
    port = Ports.freeTcp();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.MOTION.address(), m -> motions.add(Motion.fromJson(m.body())))
        .completion());
    deploy(vertx, PresenceVerticle.class.getName(), config("bridge.enabled", "true", "bridge.port",
        String.valueOf(port)));
  }

  private static Path script() {
    Path path = Path.of("python", "pir_bridge.py");
    return Files.exists(path) ? path : Path.of("device-verticles", "python", "pir_bridge.py");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void pythonPirMotionReachesTheMotionAddress() throws Exception {
    Tools.require("python3", "python3");
    // WHEN the Python PIR script publishes one motion for corridor-2 through the bridge
    Process python = new ProcessBuilder("python3", script().toString(), "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--location", "corridor-2", "--source", "python-pir-test", "--once")
        .redirectErrorStream(true).start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();

    // THEN it exits 0 and the motion is on nanoedge.presence.motion as a valid Motion
    assertThat(python.exitValue()).as(output).isZero();
    assertThat(eventually(3000, () -> !motions.isEmpty())).isTrue();
    assertThat(motions.get(0).location()).isEqualTo("corridor-2");
    assertThat(motions.get(0).source()).isEqualTo("python-pir-test");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anAddressOutsideTheAllowListIsRefused(Vertx vertx) throws Exception {
    // GIVEN a consumer on an address the bridge does not allow
    List<Object> detected = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().consumer(Addresses.DETECT.address(), m -> detected.add(m.body())).completion());
    try (Client client = new Client(port)) {
      // WHEN a client sends to it
      client.send(new JsonObject().put("type", "send").put("address", Addresses.DETECT.address())
          .put("body", new JsonObject().put("location", "entrance")));
      // THEN the client gets an access_denied error and nothing reaches the address
      assertThat(client.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "access_denied"));
    }
    // The bridge decides before it forwards: a refused frame never reaches the bus.
    assertThat(detected).isEmpty();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anInvalidMotionIsRefusedWithTheReason() throws Exception {
    try (Client client = new Client(port)) {
      // WHEN a client publishes a motion without a location
      client.send(new JsonObject().put("type", "publish").put("address", Addresses.MOTION.address())
          .put("body", new JsonObject().put("where", "entrance")));
      // THEN it is told what is wrong, and no motion is published
      JsonObject err = client.read();
      assertThat(err.getString("type")).isEqualTo("err");
      assertThat(err.getString("message")).contains("invalid motion").contains("'where'");
      // AND a valid motion sent after it is the only one published
      assertOnlyMarkerArrives(client);
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aFrameThatIsNotJsonChangesNothing() throws Exception {
    try (Client client = new Client(port)) {
      // WHEN a client sends a frame whose payload is not JSON, then a ping
      client.raw("this is not json".getBytes(StandardCharsets.UTF_8));
      client.send(new JsonObject().put("type", "ping"));
      // THEN the bad frame is dropped (the bridge logs it; it sends no err frame for undecodable JSON),
      // the connection keeps working, and nothing is published
      assertThat(client.read().getString("type")).isEqualTo("pong");
      assertOnlyMarkerArrives(client);
    }
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void secondDeviceRoleOnTheNodeSharesTheBridge(Vertx vertx) throws Exception {
    // WHEN the led role starts on the same node with the same bridge settings
    deploy(vertx, "io.nanoedge.device.led.LedGuidanceVerticle", config("bridge.enabled", "true", "bridge.port",
        String.valueOf(port)));
    // THEN it starts (no second bridge fighting for the port) and the one bridge answers
    try (Client client = new Client(port)) {
      client.send(new JsonObject().put("type", "ping"));
      assertThat(client.read().getString("type")).isEqualTo("pong");
    }
  }

  /** A bare bridge client: 4-byte big-endian length + UTF-8 JSON frames. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Client(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
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

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Publishes a valid motion after whatever came before; once it arrives, nothing sent before it can still come. */
  private void assertOnlyMarkerArrives(Client client) throws Exception {
    client.send(new JsonObject().put("type", "publish").put("address", Addresses.MOTION.address())
        .put("body", new JsonObject().put("location", "marker")));
    assertThat(DeviceTests.eventually(5000, () -> !motions.isEmpty())).as("the marker motion arrives").isTrue();
    assertThat(motions).extracting(Motion::location).containsExactly("marker");
  }
}
