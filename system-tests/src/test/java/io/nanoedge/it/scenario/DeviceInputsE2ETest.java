package io.nanoedge.it.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static io.nanoedge.it.scenario.Building.CORRIDOR;
import static io.nanoedge.it.scenario.Building.ENTRANCE;
import static io.nanoedge.it.scenario.Building.str;
import static io.nanoedge.it.scenario.Building.udp;

import io.nanoedge.config.Role;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.Tools;
import io.vertx.core.Vertx;
import io.nanoedge.coap.Californium;
import io.nanoedge.coap.DeviceDtls;
import io.vertx.core.json.JsonObject;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Devices that are not JVMs open visits end to end, with the real API on MariaDB, controller and entrance
 * scanner: a thesis-style CoAP PIR (libcoap's {@code coap-client-notls} posting to the coap role's
 * {@code /detect}) and the Python PIR ({@code device-verticles/python/pir_bridge.py}) publishing its motion
 * through the TCP event-bus bridge of the entrance's device node.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class DeviceInputsE2ETest {
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final String CARL_TAG = "AA:BB:CC:00:00:02";
  private static final String DORA_TAG = "AA:BB:CC:00:00:03";
  private static Building building;
  private static int seedPort;
  private static int securePort;
  private static int bridgePort;

  @BeforeAll
  static void building(Vertx vertx) throws Exception {
    building = new Building(vertx);
    seedPort = Ports.freeUdp();
    securePort = Ports.freeUdp();
    bridgePort = Ports.freeTcp();
    building.deploy(Role.API, Map.of()).deploy(Role.CONTROLLER, Map.of())
        // The thesis-style libcoap client below speaks plain CoAP, which a site turns on explicitly.
        .deploy(Role.COAP, Map.of("coap.seed-port", str(seedPort), "coap.device-plain", "true", "coaps.seed-port",
            str(securePort)))
        .deploy(Role.BLE, Map.of("ble.location", ENTRANCE))
        .deploy(Role.PRESENCE, Map.of("presence.location", ENTRANCE, "presence.coap-port", udp(),
            "bridge.enabled", "true", "bridge.host", "127.0.0.1", "bridge.port", str(bridgePort),
            // TLS on the bridge is EventBusBridgeTest's; here the login with a credential from the API is the point.
            "bridge.plain", "true"));
    for (String led : CORRIDOR) {
      building.deploy(Role.LED, Map.of("led.node", led));
    }
    building.awaitReady();
    long alice = building.create("/api/persons", new JsonObject().put("name", "Alice"));
    long bob = building.create("/api/persons", new JsonObject().put("name", "Bob"));
    long carl = building.create("/api/persons", new JsonObject().put("name", "Carl"));
    long dora = building.create("/api/persons", new JsonObject().put("name", "Dora"));
    building.create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "badge"));
    building.create("/api/tags", new JsonObject().put("tagId", CARL_TAG).put("personId", carl).put("label", "tag"));
    building.create("/api/tags", new JsonObject().put("tagId", DORA_TAG).put("personId", dora).put("label", "tag"));
    building.meeting(alice, List.of(bob, carl, dora));
  }

  @AfterAll
  static void dropDatabase() {
    building.drop();
  }

  @Test
  void aCoapPirPostingToDetectOpensAVisitThatTheApiLists() throws Exception {
    Tools.require("coap-client-notls", "libcoap3-bin");
    // GIVEN Bob's badge in range of the entrance scanner
    building.simulateTag(ENTRANCE, BOB_TAG);
    // WHEN a CoAP PIR posts its motion to the coap role's /detect
    String out = run("coap-client-notls", "-m", "post", "-t", "json", "-B", "5",
        "-e", "{\"location\":\"entrance\",\"source\":\"esp32-pir\"}", "coap://127.0.0.1:" + seedPort + "/detect");
    // THEN it gets the new visit's id back, and the API lists that visit with its statuses as they are stored
    String visit = new JsonObject(out.substring(out.indexOf('{'))).getString("visitId");
    building.awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    JsonObject listed = building.get("/api/visits").getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(v -> v.getString("id").equals(visit)).findFirst().orElseThrow();
    assertThat(listed.getString("status")).as(() -> listed.encode()).isEqualTo("AUTHENTICATED");
    assertThat(listed.getString("location")).isEqualTo(ENTRANCE);
    JsonObject stored = building.get("/api/visits/" + visit);
    assertThat(stored.getJsonArray("timeline").stream()
        .map(t -> ((JsonObject) t).getString("status")).toList()).isEqualTo(List.of("INIT", "DETECTED", "SCANNED",
            "AUTHENTICATED"));
    assertThat(stored.getJsonArray("timeline").getJsonObject(0).getJsonObject("data")
        .getString("source")).as(() -> stored.encode()).isEqualTo("esp32-pir");
    assertThat(stored.getJsonArray("journeys").size()).isEqualTo(1);
  }

  @Test
  void thePythonPirPublishingThroughTheBridgeOpensAVisit() throws Exception {
    Tools.require("python3", "python3");
    // GIVEN Carl's tag in range of the entrance scanner
    building.simulateTag(ENTRANCE, CARL_TAG);
    // WHEN the Python PIR publishes one motion through the entrance node's TCP event-bus bridge
    // as a PIR the admin registered at the entrance
    String key = register("pir-entrance-py");
    String out = run("python3", script().toString(), "--host", "127.0.0.1", "--port", str(bridgePort),
        "--identity", "pir-entrance-py", "--key", key, "--plain", "--once");
    assertThat(out.contains("motion published for entrance")).as(() -> out).isTrue();
    // THEN the controller opens a visit for it, and it is stored through to AUTHENTICATED
    String visit = awaitVisitFrom("device:pir-entrance-py");
    building.awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
  }

  @Test
  void aPirRegisteredThroughTheApiOpensAVisitOverDtlsAndNowhereElse() throws Exception {
    // GIVEN a PIR the admin registered at the entrance (its key from POST /api/devices), and Dora's tag in range
    byte[] key = Base64.getDecoder().decode(register("pir-entrance-dtls"));
    building.simulateTag(ENTRANCE, DORA_TAG);
    Configuration config = Californium.configuration();
    CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
        .setConnector(DeviceDtls.client(config, "pir-entrance-dtls", key)).build();
    CoapClient client = new CoapClient("coaps://127.0.0.1:" + securePort + "/detect").setEndpoint(endpoint)
        .setTimeout(10_000L);
    try {
      // WHEN it posts motion at room R (not its location), then at the entrance, over DTLS
      CoapResponse elsewhere = client.post("{\"location\":\"room-r\"}", MediaTypeRegistry.APPLICATION_JSON);
      CoapResponse here = client.post("{\"location\":\"entrance\"}", MediaTypeRegistry.APPLICATION_JSON);
      // THEN room R is refused (4.03) and the entrance opens a visit in the device's name, stored to AUTHENTICATED
      assertThat(elsewhere.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
      assertThat(here.getCode()).as(here::getResponseText).isEqualTo(ResponseCode.CREATED);
      String visit = new JsonObject(here.getResponseText()).getString("visitId");
      building.awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
      assertThat(awaitVisitFrom("device:pir-entrance-dtls")).isEqualTo(visit);
    } finally {
      client.shutdown();
      endpoint.destroy();
    }
  }

  /** Registers a PIR at the entrance through the API, as the admin does; returns its key (base64), shown once. */
  private static String register(String id) throws Exception {
    return new JsonObject(building.post("/api/devices", new JsonObject().put("id", id).put("kind", "pir")
        .put("location", ENTRANCE), 201)).getString("psk");
  }

  private static String awaitVisitFrom(String source) {
    String[] id = new String[1];
    eventually("a visit opened by " + source, () -> {
      List<String> ids = building.column("SELECT subject_id FROM status_log WHERE kind = 'VISIT' AND seq = 1"
          + " AND data LIKE '%\"source\":\"" + source + "\"%'");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null;
    }, Building.WAIT);
    return id[0];
  }

  private static Path script() {
    Path here = Path.of("..", "device-verticles", "python", "pir_bridge.py");
    return Files.exists(here) ? here : Path.of("device-verticles", "python", "pir_bridge.py");
  }

  /** Runs a device program to its end (20 s at most); asserts exit code 0 and returns stdout and stderr. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean ended = p.waitFor(20, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as(() -> String.join(" ", command) + " did not end: " + out).isTrue();
    assertThat(p.exitValue()).as(() -> String.join(" ", command) + ": " + out).isEqualTo(0);
    return out;
  }
}
