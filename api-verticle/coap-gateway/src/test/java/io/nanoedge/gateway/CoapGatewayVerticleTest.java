package io.nanoedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static io.nanoedge.testkit.ControllerHarness.await;
import static io.nanoedge.testkit.ControllerHarness.eventually;

import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.StandInServices;
import io.nanoedge.testkit.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's CoAP resources driven by a thesis-style device without DTLS: libcoap's {@code coap-client-notls}
 * (Debian libcoap3-bin) over real UDP, on the plain port a site opens with {@code coap.device-plain}, with the
 * controller behind and the API/devices stood in on the event bus.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CoapGatewayVerticleTest {
  private static final String CLIENT = "coap-client-notls";
  private StandInServices world;
  private int port;

  @BeforeEach
  void setUp(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api().compose(v -> world.scanner(StandInServices.ENTRANCE)).compose(v -> world.devices()));
    ControllerHarness.deployController(vertx, Map.of());
    port = Ports.freeUdp();
    NanoConfig config = NanoConfig.builder().set("coap.seed-port", Integer.toString(port), "")
        .set("coap.host", "127.0.0.1", "").set("coap.device-plain", "true", "")
        .set("coaps.seed-port", Integer.toString(Ports.freeUdp()), "").build();
    await(vertx.deployVerticle(CoapGatewayVerticle.class.getName(), new DeploymentOptions().setConfig(config.toJson(
        ))));
  }

  /** Runs coap-client; returns its output (payload on stdout, a failure's code on stderr). */
  private String coap(String path, String payload) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(CLIENT, "-m", "post", "-t", "json", "-B", "5", "-e", payload,
        "coap://127.0.0.1:" + port + "/" + path).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      Assumptions.abort(CLIENT + " is not installed (apt-get install libcoap3-bin): " + e.getMessage());
      throw e;
    }
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as(() -> CLIENT + " did not finish").isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @Test
  void aCoapDeviceOpensAVisitThroughDetect() throws Exception {
    // GIVEN Bob's tag in range at the entrance
    world.inRange(StandInServices.ENTRANCE, StandInServices.BOB_TAG);
    // WHEN a CoAP device posts its motion to /detect
    String out = coap("detect", "{\"location\":\"entrance\",\"source\":\"esp32-pir\"}");
    // THEN it gets the new visit back and the workflow runs to AUTHENTICATED with Bob's journey
    JsonObject reply = new JsonObject(out.substring(out.indexOf('{')));
    assertThat(reply.getString("status")).isEqualTo("DETECTED");
    String visit = reply.getString("visitId");
    eventually("the visit is authenticated", () -> world.statuses(visit)
        .equals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED")), Duration.ofSeconds(10));
    eventually("Bob's journey is authenticated", () -> world.statuses(visit + "-2").equals(List.of("AUTHENTICATED")),
        Duration.ofSeconds(10));
    assertThat(world.records(visit).get(0).data().getString("source")).isEqualTo("esp32-pir");
  }

  @Test
  void aSeedPortInUseFailsTheStartNamingItsKey(Vertx vertx) throws Exception {
    // GIVEN another process holding a UDP port
    try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      NanoConfig config = NanoConfig.builder().set("coap.host", "127.0.0.1", "")
          .set("coaps.seed-port", Integer.toString(taken.getLocalPort()), "").build();
      // WHEN a second gateway is deployed on it
      Throwable failure = vertx.deployVerticle(CoapGatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(config.toJson())).toCompletionStage().handle((id, e) -> e)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      // THEN the deployment fails naming the key and the address (before: deployed, DOWN with no reason)
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains("'coaps.seed-port'")
          .contains("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aPayloadThatIsNotJsonGets400WithTheReason() throws Exception {
    // WHEN a device posts something that is not JSON
    String out = coap("detect", "motion!");
    // THEN 4.00 names the problem, and no visit is opened
    assertThat(out.contains("4.00")).as(() -> out).isTrue();
    assertThat(out.contains("payload must be a JSON object")).as(() -> out).isTrue();
    assertThat(world.log().isEmpty()).isTrue();
  }

  @Test
  void aPayloadWithoutItsRequiredFieldGets400NamingTheField() throws Exception {
    // WHEN the location is missing, or an unknown field is sent
    String missing = coap("detect", "{\"source\":\"esp32\"}");
    String unknown = coap("detect", "{\"location\":\"entrance\",\"room\":1}");
    // THEN each 4.00 names the field, and nothing changes
    assertThat(missing.contains("4.00") && missing.contains("field 'location' is required")).as(() -> missing).isTrue();
    assertThat(unknown.contains("4.00") && unknown.contains("unknown field 'room'")).as(() -> unknown).isTrue();
    assertThat(world.log().isEmpty()).isTrue();
  }

  @Test
  void aGuideReportCompletesTheArrivedJourney() throws Exception {
    // GIVEN Bob being guided
    world.inRange(StandInServices.ENTRANCE, StandInServices.BOB_TAG);
    String visit = new JsonObject(coap("detect", "{\"location\":\"entrance\"}").replaceFirst("^[^{]*", ""))
        .getString("visitId");
    eventually("Bob is guided", () -> world.statuses(visit + "-2").equals(List.of("AUTHENTICATED")),
        Duration.ofSeconds(10));
    // WHEN the room door device reports his tag at the door through /guide
    String out = coap("guide", new JsonObject().put("location", StandInServices.ROOM)
        .put("hashes", List.of(StandInServices.TAGS.hash(StandInServices.BOB_TAG))).encode());
    // THEN his journey is GUIDED, then PRESENTED as the meeting's first arrival
    assertThat(new JsonObject(out.substring(out.indexOf('{'))).getJsonArray("journeys")
        .getList()).isEqualTo(List.of(visit + "-2"));
    eventually("Bob's journey presented", () -> world.statuses(visit + "-2")
        .equals(List.of("AUTHENTICATED", "GUIDED", "PRESENTED")), Duration.ofSeconds(10));
  }
}
