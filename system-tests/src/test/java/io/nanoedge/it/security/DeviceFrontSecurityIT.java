package io.nanoedge.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.NodeProcess;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's outsider on the building's network, against a node started from the jar with the image's JVM flags
 * (API on MariaDB, controller, the coap gateway, a CoAP entrance PIR, the room with its display, the TCP bridge):
 * with no credential, a wrong one, or another location's, every device front refuses, and nothing is stored or
 * presented. Then the same actions with the right device's credential, for its own location, go through.
 */
@Timeout(240)
class DeviceFrontSecurityIT {
  private static final String TOKEN = "security-admin-token-0123456789";
  private static final String KIOSK = "security-kiosk-code-0123";
  private static final SelfSignedCertificate CERT = SelfSignedCertificate.create("localhost");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> TABLES = List.of("visits", "status_log", "events");
  private static String dbUrl;
  private static NodeProcess node;
  private static final Map<String, Integer> PORTS = new LinkedHashMap<>();

  @BeforeAll
  static void building() throws Exception {
    dbUrl = TestDatabase.createDatabase();
    for (String name : List.of("ops", "http", "display", "bridge")) {
      PORTS.put(name, Ports.freeTcp());
    }
    for (String name : List.of("coap", "coaps", "seed", "seeds", "pir")) {
      PORTS.put(name, Ports.freeUdp());
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NANOEDGE_NODE_ID", "security");
    env.put("NANOEDGE_DB_URL", dbUrl);
    env.put("NANOEDGE_ADMIN_TOKEN", TOKEN);
    env.put("NANOEDGE_TAG_KEY", "security-tag-key-0123456789");
    env.put("NANOEDGE_DEVICE_KEY", "security-device-key-0123456789");
    env.put("NANOEDGE_OPS_PORT", str("ops"));
    env.put("NANOEDGE_HTTP_HOST", "127.0.0.1");
    env.put("NANOEDGE_HTTP_PORT", str("http"));
    env.put("NANOEDGE_COAP_HOST", "127.0.0.1");
    env.put("NANOEDGE_COAP_PORT", str("coap"));
    env.put("NANOEDGE_COAPS_PORT", str("coaps"));
    env.put("NANOEDGE_COAP_SEED_PORT", str("seed"));
    env.put("NANOEDGE_COAPS_SEED_PORT", str("seeds"));
    env.put("NANOEDGE_PRESENCE_LOCATION", "entrance");
    env.put("NANOEDGE_PRESENCE_DRIVER", "coap");
    env.put("NANOEDGE_PRESENCE_COAP_PORT", str("pir"));
    env.put("NANOEDGE_PRESENCE_HOLD_MS", "0");
    env.put("NANOEDGE_BLE_LOCATION", "entrance");
    env.put("NANOEDGE_ROOM_LOCATION", "room-r");
    env.put("NANOEDGE_DISPLAY_PORT", str("display"));
    env.put("NANOEDGE_DISPLAY_PAIRING_CODE", KIOSK);
    env.put("NANOEDGE_BRIDGE_ENABLED", "true");
    env.put("NANOEDGE_BRIDGE_PORT", str("bridge"));
    env.put("NANOEDGE_BRIDGE_TLS_CERT_FILE", CERT.certificatePath());
    env.put("NANOEDGE_BRIDGE_TLS_KEY_FILE", CERT.privateKeyPath());
    env.put("NANOEDGE_SCAN_WINDOW_MS", "300");
    node = NodeProcess.start(env, NodeProcess.IMAGE_JVM_FLAGS, "run", "--roles",
        "api,controller,coap,presence,ble,room");
    Eventually.until("the node is ready", () -> {
      if (!node.process().isAlive()) {
        throw new AssertionError("node exited:\n" + node.log());
      }
      return node.get("/health/ready").status() == 200;
    }, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    TestDatabase.dropDatabase(dbUrl);
  }

  private static String str(String port) {
    return Integer.toString(PORTS.get(port));
  }

  @Test
  void anOutsiderGetsNothingDoneAndTheRightDeviceDoes() throws Exception {
    // GIVEN devices the admin registered: the entrance PIR, room S's PIR, room R's door
    byte[] entrance = register("pir-entrance", "pir", "entrance");
    byte[] roomS = register("pir-room-s", "pir", "room-s");
    byte[] doorR = register("door-room-r", "door", "room-r");
    byte[] strangerKey = new byte[32];
    Map<String, Long> before = rows();

    // WHEN the outsider tries each device front without a credential, with a wrong one or another location's
    List<String> refusals = new ArrayList<>();
    expectNoAnswer(refusals, "plain /detect on the seed port", coap(null, null, "seed", "detect", detect("entrance")));
    expectNoAnswer(refusals, "DTLS /detect as an unknown device",
        coap("pir-stranger", strangerKey, "seeds", "detect", detect("entrance")));
    byte[] wrong = entrance.clone();
    wrong[0] ^= 1;
    expectNoAnswer(refusals, "DTLS /detect with a wrong key",
        coap("pir-entrance", wrong, "seeds", "detect", detect("entrance")));
    expectCode(refusals, "/detect at the entrance by room S's PIR",
        coap("pir-room-s", roomS, "seeds", "detect", detect("entrance")), ResponseCode.FORBIDDEN);
    expectCode(refusals, "/meet by room R's own door", coap("door-room-r", doorR, "seeds", "meet",
        new JsonObject().put("eventId", 1).put("roomLocation", "room-r").put("journeyId", "j").put("personId", 1)),
        ResponseCode.FORBIDDEN);
    expectCode(refusals, "/guide at room S by room R's door", coap("door-room-r", doorR, "seeds", "guide",
        new JsonObject().put("location", "room-s").put("hashes", List.of())), ResponseCode.FORBIDDEN);
    expectNoAnswer(refusals, "plain /motion to the CoAP PIR driver", coap(null, null, "pir", "motion",
        new JsonObject().put("motion", true)));
    expectCode(refusals, "DTLS /motion to the entrance PIR driver by room S's PIR", coap("pir-room-s", roomS, "pir",
        "motion", new JsonObject().put("motion", true)), ResponseCode.FORBIDDEN);
    refusals.addAll(bridgeOutsider(roomS));
    for (String path : List.of("/", "/state", "/events", "/documents/1")) {
      int status = display(path, null);
      if (status != 401) {
        refusals.add("display " + path + " without pairing answered " + status);
      }
    }
    if (display("/?pair=not-the-kiosk-code", null) != 403) {
      refusals.add("display pairing with a wrong code was not refused");
    }
    // THEN every attempt was refused, and no row changed
    assertThat(refusals).as("attempts that were not refused").isEmpty();
    assertThat(rows()).as("rows after the outsider").isEqualTo(before);

    // WHEN the entrance PIR itself reports motion at its own location, over the gateway and the PIR driver
    CoapResponse detect = coap("pir-entrance", entrance, "seeds", "detect", detect("entrance"));
    CoapResponse motion = coap("pir-entrance", entrance, "pir", "motion", new JsonObject().put("motion", true));
    // THEN both go through (the driver's motion folds into the visit the gateway opened, still scanning there),
    // and the visit is stored in the device's name
    assertThat(detect.getCode()).as(detect::getResponseText).isEqualTo(ResponseCode.CREATED);
    assertThat(motion.getCode()).isEqualTo(ResponseCode.CHANGED);
    String visit = new JsonObject(detect.getResponseText()).getString("visitId");
    Eventually.until("the visit is stored in the PIR's name", () -> TestDatabase.query(dbUrl, "SELECT COUNT(*) FROM "
        + "status_log WHERE subject_id = '" + visit + "' AND data LIKE '%device:pir-entrance%'").iterator().next()
        .getLong(0) > 0, Duration.ofSeconds(30));
    assertThat(TestDatabase.count(dbUrl, "status_log")).isGreaterThan(before.get("status_log"));
  }

  private static void expectNoAnswer(List<String> refusals, String what, CoapResponse response) {
    if (response != null) {
      refusals.add(what + " answered " + response.getCode() + " " + response.getResponseText());
    }
  }

  private static void expectCode(List<String> refusals, String what, CoapResponse response, ResponseCode code) {
    if (response == null || response.getCode() != code) {
      refusals.add(what + " answered " + (response == null ? "nothing" : response.getCode() + " "
          + response.getResponseText()) + ", not " + code);
    }
  }

  private static JsonObject detect(String location) {
    return new JsonObject().put("location", location).put("source", "outsider");
  }

  private static Map<String, Long> rows() {
    Map<String, Long> rows = new LinkedHashMap<>();
    TABLES.forEach(t -> rows.put(t, TestDatabase.count(dbUrl, t)));
    return rows;
  }

  /** POSTs JSON to {@code path} on one of the node's UDP ports, as device {@code identity} over DTLS or plain. */
  private static CoapResponse coap(String identity, byte[] key, String port, String path, JsonObject body) {
    Configuration config = Californium.configuration();
    CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(config);
    if (identity != null) {
      builder.setConnector(DeviceDtls.client(config, identity, key));
    }
    CoapEndpoint endpoint = builder.build();
    CoapClient client = new CoapClient((identity == null ? "coap" : "coaps") + "://127.0.0.1:" + str(port) + "/"
        + path).setEndpoint(endpoint).setTimeout(5000L);
    try {
      return client.post(body.encode(), MediaTypeRegistry.APPLICATION_JSON);
    } catch (Exception e) {
      return null;
    } finally {
      client.shutdown();
      endpoint.destroy();
    }
  }

  /** The admin registers a device through the API; its key, shown once. */
  private static byte[] register(String id, String kind, String location) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + str("http")
        + "/api/devices")).header("authorization", "Bearer " + TOKEN).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("id", id).put("kind", kind)
            .put("location", location).encode())).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response::body).isEqualTo(201);
    return Base64.getDecoder().decode(new JsonObject(response.body()).getString("psk"));
  }

  private static int display(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + str("display") + path))
        .timeout(Duration.ofSeconds(5));
    if (cookie != null) {
      request.header("cookie", cookie);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The bridge: a motion without logging in, a login with a wrong key, and room S's PIR at the entrance. */
  private static List<String> bridgeOutsider(byte[] roomS) throws Exception {
    List<String> refusals = new ArrayList<>();
    JsonObject motion = new JsonObject().put("type", "publish").put("address", "nanoedge.presence.motion")
        .put("body", new JsonObject().put("location", "entrance"));
    try (Bridge bridge = new Bridge()) {
      bridge.send(motion);
      JsonObject reply = bridge.read();
      if (!"err".equals(reply.getString("type"))) {
        refusals.add("bridge took a motion before a login: " + reply.encode());
      }
    }
    byte[] wrong = roomS.clone();
    wrong[5] ^= 1;
    try (Bridge bridge = new Bridge()) {
      bridge.send(Bridge.login("pir-room-s", wrong));
      JsonObject reply = bridge.read();
      if (!"login refused".equals(reply.getString("message"))) {
        refusals.add("bridge login with a wrong key answered " + reply.encode());
      }
    }
    try (Bridge bridge = new Bridge()) {
      bridge.send(Bridge.login("pir-room-s", roomS));
      bridge.read();
      bridge.send(motion);
      JsonObject reply = bridge.read();
      if (!reply.getString("message", "").contains("acts only for its own location")) {
        refusals.add("bridge took room S's PIR's motion at the entrance: " + reply.encode());
      }
    }
    return refusals;
  }

  /** A bridge client over TLS trusting the node's test certificate. */
  private static final class Bridge implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Bridge() throws Exception {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream pem = Files.newInputStream(Path.of(CERT.certificatePath()))) {
        trust.setCertificateEntry("bridge", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      socket = tls.getSocketFactory().createSocket("127.0.0.1", PORTS.get("bridge"));
      socket.setSoTimeout(10_000);
      ((SSLSocket) socket).startHandshake();
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    static JsonObject login(String identity, byte[] key) throws Exception {
      long at = System.currentTimeMillis();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String proof = HexFormat.of().formatHex(mac.doFinal(("nanoedge-bridge-login|" + identity + "|" + at)
          .getBytes(StandardCharsets.UTF_8)));
      return new JsonObject().put("type", "login").put("identity", identity).put("at", at).put("proof", proof);
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
