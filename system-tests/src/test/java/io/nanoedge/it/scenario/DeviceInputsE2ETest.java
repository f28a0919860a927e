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
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static Building building;
  private static int seedPort;
  private static int bridgePort;

  @BeforeAll
  static void building(Vertx vertx) throws Exception {
    building = new Building(vertx);
    seedPort = Ports.freeUdp();
    bridgePort = Ports.freeTcp();
    building.deploy(Role.API, Map.of()).deploy(Role.CONTROLLER, Map.of())
        // The thesis-style client below speaks plain CoAP, which a site turns on explicitly.
        .deploy(Role.COAP, Map.of("coap.seed-port", str(seedPort), "coap.device-plain", "true", "coaps.seed-port",
            udp()))
        .deploy(Role.BLE, Map.of("ble.location", ENTRANCE))
        .deploy(Role.PRESENCE, Map.of("presence.location", ENTRANCE, "presence.coap-port", udp(),
            "bridge.enabled", "true", "bridge.host", "127.0.0.1", "bridge.port", str(bridgePort)));
    for (String led : CORRIDOR) {
      building.deploy(Role.LED, Map.of("led.node", led));
    }
    building.awaitReady();
    long alice = building.create("/api/persons", new JsonObject().put("name", "Alice"));
    long bob = building.create("/api/persons", new JsonObject().put("name", "Bob"));
    long carl = building.create("/api/persons", new JsonObject().put("name", "Carl"));
    building.create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "badge"));
    building.create("/api/tags", new JsonObject().put("tagId", CARL_TAG).put("personId", carl).put("label", "tag"));
    building.meeting(alice, List.of(bob, carl));
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
    String out = run("python3", script().toString(), "--host", "127.0.0.1", "--port", str(bridgePort),
        "--location", ENTRANCE, "--source", "python-pir-e2e", "--once");
    assertThat(out.contains("motion published for entrance")).as(() -> out).isTrue();
    // THEN the controller opens a visit for it, and it is stored through to AUTHENTICATED
    String visit = awaitVisitFrom("python-pir-e2e");
    building.awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
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
