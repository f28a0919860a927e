package io.nanoedge.gateway;

import static io.nanoedge.testkit.ControllerHarness.await;
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.DeviceKind;
import io.nanoedge.config.NanoConfig;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed resources over DTLS with per-device credentials, over real UDP: the registered device of the right kind
 * acts for its own location; nobody else gets anything done (no credential, a wrong key, another kind, another
 * location, /meet), and nothing reaches the workflow. The API's credential service is stood in on the bus.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CoapGatewayDtlsTest {
  private static final String ROOM_S = "room-s";
  private StandInServices world;
  private CoapGatewayVerticle gateway;
  private int plainPort;

  @BeforeEach
  void setUp(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api().compose(v -> world.scanner(StandInServices.ENTRANCE)).compose(v -> world.devices()));
    ControllerHarness.deployController(vertx, Map.of());
    plainPort = Ports.freeUdp();
    NanoConfig config = NanoConfig.builder().set("coaps.seed-port", Integer.toString(Ports.freeUdp()), "")
        .set("coap.seed-port", Integer.toString(plainPort), "").set("coap.host", "127.0.0.1", "").build();
    gateway = new CoapGatewayVerticle();
    await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config.toJson())));
  }

  private CoapResponse post(String identity, byte[] key, String path, JsonObject body) {
    try (DtlsDevice device = new DtlsDevice(identity, key, gateway.securePort())) {
      return device.post(path, body.encode());
    }
  }

  private static JsonObject detect(String location) {
    return new JsonObject().put("location", location).put("source", "forged-source");
  }

  @Test
  void theEntrancePirOpensAVisitOverDtlsInItsOwnName() {
    // GIVEN the entrance PIR registered, and Bob's tag in range
    byte[] key = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    world.inRange(StandInServices.ENTRANCE, StandInServices.BOB_TAG);
    // WHEN it posts motion at its own location over DTLS
    CoapResponse response = post("pir-entrance", key, "detect", detect(StandInServices.ENTRANCE));
    // THEN a visit opens, runs to AUTHENTICATED, and its source is the device, whatever the payload claimed
    assertThat(response.getCode()).isEqualTo(ResponseCode.CREATED);
    String visit = new JsonObject(response.getResponseText()).getString("visitId");
    eventually("the visit is authenticated", () -> world.statuses(visit)
        .equals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED")), Duration.ofSeconds(10));
    assertThat(world.records(visit).get(0).data().getString("source")).isEqualTo("device:pir-entrance");
  }

  @Test
  void withoutACredentialNothingAnswersAndNothingIsOpened() {
    // GIVEN plain CoAP is off (the default), and a registered PIR whose key an outsider does not have
    byte[] key = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    byte[] wrong = key.clone();
    wrong[0] ^= 1;
    // WHEN an outsider posts plain CoAP to the seed port, or to DTLS with an unknown identity or the wrong key
    CoapResponse plain;
    try (DtlsDevice outsider = new DtlsDevice(null, null, plainPort)) {
      plain = outsider.post("detect", detect(StandInServices.ENTRANCE).encode());
    }
    CoapResponse unknown = post("pir-nobody", StandInServices.DEVICE_KEYS.derive("pir-nobody", 1), "detect",
        detect(StandInServices.ENTRANCE));
    CoapResponse wrongKey = post("pir-entrance", wrong, "detect", detect(StandInServices.ENTRANCE));
    // THEN none gets an answer, and no visit was opened
    assertThat(gateway.plainPort()).isEqualTo(-1);
    assertThat(plain).isNull();
    assertThat(unknown).isNull();
    assertThat(wrongKey).isNull();
    assertThat(world.log()).isEmpty();
  }

  @Test
  void aPirActsOnlyForItsOwnLocation() {
    // GIVEN the entrance PIR
    byte[] key = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    // WHEN it claims motion at room S
    CoapResponse response = post("pir-entrance", key, "detect", detect(ROOM_S));
    // THEN 4.03 names the reason, and no visit is opened
    assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(response.getResponseText()).contains("acts only for its own location entrance, not room-s");
    assertThat(world.log()).isEmpty();
  }

  @Test
  void aDoorReportsArrivalsOnlyAtItsOwnRoomAndAPirNotAtAll() {
    // GIVEN room R's door device and the entrance PIR
    byte[] door = world.device("door-r", DeviceKind.DOOR, StandInServices.ROOM);
    byte[] pir = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    JsonObject arrivalAtS = new JsonObject().put("location", ROOM_S)
        .put("hashes", List.of(StandInServices.TAGS.hash(StandInServices.BOB_TAG)));
    // WHEN the door of room R reports an arrival at room S, and the PIR reports one at its own location
    CoapResponse otherRoom = post("door-r", door, "guide", arrivalAtS);
    CoapResponse wrongKind = post("pir-entrance", pir, "guide", arrivalAtS.copy()
        .put("location", StandInServices.ENTRANCE));
    // THEN both are refused with 4.03, and nothing was presented
    assertThat(otherRoom.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(wrongKind.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(wrongKind.getResponseText()).contains("/guide is for door or gateway devices");
    assertThat(world.presents()).isEmpty();
  }

  @Test
  void meetIsRefusedEvenToARegisteredDoorOfThatRoom() {
    // GIVEN room R's door device
    byte[] door = world.device("door-r", DeviceKind.DOOR, StandInServices.ROOM);
    // WHEN it asks room R to present the seed's event directly
    CoapResponse response = post("door-r", door, "meet", new JsonObject().put("eventId", StandInServices.EVENT)
        .put("roomLocation", StandInServices.ROOM).put("journeyId", "v-1-2").put("personId", 2));
    // THEN 4.03: presenting is the controller's decision only; nothing was presented
    assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(response.getResponseText()).contains("controller decides");
    assertThat(world.presents()).isEmpty();
  }

  @Test
  void aRevokedDeviceIsRefusedAtItsNextHandshake() {
    // GIVEN the entrance PIR that was let in once (its credential is now cached)
    byte[] key = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    assertThat(post("pir-entrance", key, "detect", detect(StandInServices.ENTRANCE)).getCode())
        .isEqualTo(ResponseCode.CREATED);
    // WHEN the admin revokes it (the API announces the change)
    world.revokeDevice("pir-entrance");
    // THEN its next handshake fails at once, without waiting for the cache to expire
    eventually("the revoked PIR is refused", () -> post("pir-entrance", key, "detect",
        detect(StandInServices.ENTRANCE)) == null, Duration.ofSeconds(15));
  }

  @Test
  void aBodyLargerThanTheLimitIsRefusedBeforeAnythingIsDone() {
    // GIVEN the entrance PIR
    byte[] key = world.device("pir-entrance", DeviceKind.PIR, StandInServices.ENTRANCE);
    // WHEN it posts a body larger than coap.device-max-body (2048 bytes), block-wise
    JsonObject big = detect(StandInServices.ENTRANCE).put("source", "x".repeat(4000));
    CoapResponse response = post("pir-entrance", key, "detect", big);
    // THEN 4.13, and no visit is opened
    assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertThat(world.log()).isEmpty();
  }
}
