package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.DeviceCredential;
import io.nanoedge.bus.DevicePsk;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Device credentials (admin only) against MariaDB: a key derived and shown once, never stored or read back,
 * rotated to a new generation, revoked; served to the device fronts on the bus and announced when it changes; a
 * device's identity on the API's own CoAPs is a device, with no admin rights.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiDevicesTest {
  private static final DevicePsk KEYS = new DevicePsk(ApiFixture.DEVICE_KEY);
  private static ApiFixture api;
  private static final List<String> changed = new CopyOnWriteArrayList<>();
  private static MessageConsumer<Object> changes;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    changes = Bus.subscribe(vertx.eventBus(), Addresses.DEVICES_CHANGED, fact -> changed.add(fact.id()));
    changes.completion().await();
  }

  @AfterAll
  static void stop() {
    changes.unregister().await();
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static JsonObject device(String id, String kind, String location) {
    return new JsonObject().put("id", id).put("kind", kind).put("location", location);
  }

  private static HttpResponse<Buffer> register(JsonObject device) {
    return api.admin(HttpMethod.POST, "/api/devices", device);
  }

  private static DeviceCredential credential(Vertx vertx, String identity) {
    return Bus.request(vertx.eventBus(), Addresses.DEVICE_CREDENTIAL, new DeviceCredential.Query(identity),
        Duration.ofSeconds(5)).await();
  }

  private static ErrorCode credentialFailure(Vertx vertx, String identity) {
    try {
      credential(vertx, identity);
      return null;
    } catch (RuntimeException e) {
      return ErrorCode.of(e);
    }
  }

  @Test
  void aRegisteredDeviceGetsItsDerivedKeyOnceAndNeverAgain(Vertx vertx) {
    // WHEN the admin registers a PIR at the entrance
    HttpResponse<Buffer> created = register(device("pir-entrance-1", "pir", "entrance").put("label", "above door"));
    // THEN 201 with the key derived from device.key, id and generation 1, in base64 and hex
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/api/devices/pir-entrance-1");
    JsonObject body = created.bodyAsJsonObject();
    byte[] key = KEYS.derive("pir-entrance-1", 1);
    assertThat(key).hasSize(32);
    assertThat(body.getString("psk")).isEqualTo(Base64.getEncoder().encodeToString(key));
    assertThat(body.getString("pskHex")).isEqualTo(HexFormat.of().formatHex(key));
    assertThat(body.getInteger("generation")).isEqualTo(1);
    assertThat(body.getBoolean("active")).isTrue();
    // AND reading it back never shows the key, nor does the list
    JsonObject read = api.admin(HttpMethod.GET, "/api/devices/pir-entrance-1", null).bodyAsJsonObject();
    assertThat(read.fieldNames()).doesNotContain("psk", "pskHex");
    assertThat(read.getString("label")).isEqualTo("above door");
    assertThat(api.admin(HttpMethod.GET, "/api/devices", null).bodyAsString()).doesNotContain(body.getString("psk"));
    // AND the database holds no key material: only these columns, none of them the key
    JsonObject row = TestDatabase.query(api.dbUrl, "SELECT * FROM devices WHERE id = 'pir-entrance-1'").iterator()
        .next().toJson();
    assertThat(row.fieldNames()).containsExactlyInAnyOrder("id", "kind", "location", "label", "generation",
        "created_at", "rotated_at", "revoked_at");
    assertThat(row.encode()).doesNotContain(body.getString("psk")).doesNotContain(body.getString("pskHex"));
    // AND a device front gets the credential over the bus
    DeviceCredential served = credential(vertx, "pir-entrance-1");
    assertThat(served.kind().wire()).isEqualTo("pir");
    assertThat(served.location()).isEqualTo("entrance");
    assertThat(served.key()).isEqualTo(key);
  }

  @Test
  void manyRegistrationsAtOnceAreAllStoredAndADuplicateIs409() throws Exception {
    // GIVEN 16 devices registered at the same moment (a site set up in bulk), ids next to each other
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "bulk-" + (char) ('a' + i);
        answers.add(pool.submit(() -> register(device(id, "pir", "entrance")).statusCode()));
      }
      // THEN every one is 201 (before: a gap lock taken by SELECT ... FOR UPDATE deadlocked the inserts: 503 busy)
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    // AND registering one of them again is 409 naming it
    HttpResponse<Buffer> again = register(device("bulk-c", "pir", "entrance"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("message"))
        .isEqualTo("device bulk-c is already registered (rotate or revoke it)");
  }

  @Test
  void rotatingGivesANewKeyOnceAndAnnouncesIt(Vertx vertx) {
    register(device("scanner-r", "scanner", "room-r"));
    changed.clear();
    HttpResponse<Buffer> rotated = api.admin(HttpMethod.POST, "/api/devices/scanner-r/rotate", null);
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
    assertThat(rotated.bodyAsJsonObject().getInteger("generation")).isEqualTo(2);
    byte[] second = KEYS.derive("scanner-r", 2);
    assertThat(rotated.bodyAsJsonObject().getString("psk")).isEqualTo(Base64.getEncoder().encodeToString(second));
    assertThat(second).isNotEqualTo(KEYS.derive("scanner-r", 1));
    assertThat(credential(vertx, "scanner-r").key()).isEqualTo(second);
    Eventually.until("the rotation is announced", () -> changed.contains("scanner-r"), Duration.ofSeconds(5));
    assertThat(api.admin(HttpMethod.GET, "/api/devices/scanner-r", null).bodyAsJsonObject().getString("rotatedAt"))
        .isNotNull();
  }

  @Test
  void aRevokedDeviceHasNoCredentialAndCannotBeRotatedOrReregistered(Vertx vertx) {
    register(device("led-c1", "led", "corridor-1"));
    changed.clear();
    assertThat(api.admin(HttpMethod.DELETE, "/api/devices/led-c1", null).statusCode()).isEqualTo(204);
    Eventually.until("the revocation is announced", () -> changed.contains("led-c1"), Duration.ofSeconds(5));
    assertThat(credentialFailure(vertx, "led-c1")).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(credentialFailure(vertx, "never-registered")).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(api.admin(HttpMethod.POST, "/api/devices/led-c1/rotate", null).statusCode()).isEqualTo(409);
    assertThat(register(device("led-c1", "led", "corridor-1")).statusCode()).isEqualTo(409);
    JsonObject read = api.admin(HttpMethod.GET, "/api/devices/led-c1", null).bodyAsJsonObject();
    assertThat(read.getBoolean("active")).isFalse();
    assertThat(read.getString("revokedAt")).isNotNull();
    // revoking again changes nothing
    assertThat(api.admin(HttpMethod.DELETE, "/api/devices/led-c1", null).statusCode()).isEqualTo(204);
    assertThat(api.admin(HttpMethod.DELETE, "/api/devices/no-such", null).statusCode()).isEqualTo(404);
  }

  @Test
  void badDevicesAreRefusedNamingTheFieldAndStoreNothing() {
    long devices = api.count("devices");
    assertThat(register(device("pir 1", "pir", "entrance")).bodyAsJsonObject().getString("message"))
        .contains("field 'id'");
    assertThat(register(device("pir-x", "camera", "entrance")).bodyAsJsonObject().getString("message"))
        .contains("field 'kind' must be one of pir, scanner, door, led, display, bridge, gateway");
    assertThat(register(device("pir-x", "pir", "x".repeat(65))).bodyAsJsonObject().getString("message"))
        .contains("field 'location'");
    assertThat(register(device("pir-x", "pir", "entrance").put("label", "bell\u0007")).bodyAsJsonObject()
        .getString("message")).contains("field 'label' must not contain control characters");
    assertThat(register(device("pir-x", "pir", "entrance").put("key", "mine")).statusCode()).isEqualTo(400);
    // the admin's own DTLS identity cannot be taken by a device
    assertThat(register(device(ApiFixture.PSK_IDENTITY, "pir", "entrance")).statusCode()).isEqualTo(409);
    assertThat(api.count("devices")).isEqualTo(devices);
  }

  @Test
  void onlyTheAdminManagesDevices() {
    long devices = api.count("devices");
    assertThat(api.send(HttpMethod.GET, "/api/devices", null, null).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.POST, "/api/devices", device("pir-y", "pir", "entrance"), null).statusCode())
        .isEqualTo(401);
    assertThat(api.send(HttpMethod.POST, "/api/devices", device("pir-y", "pir", "entrance"), "wrong-token-123456")
        .statusCode()).isEqualTo(401);
    assertThat(api.count("devices")).isEqualTo(devices);
  }

  @Test
  void aDeviceIdentityOnTheApisCoapsIsADeviceWithoutAdminRights() {
    register(device("gw-entrance", "gateway", "entrance"));
    long persons = api.count("persons");
    // GIVEN the device's own derived key: the DTLS handshake succeeds
    try (CoapTestClient device = CoapTestClient.secure(api.coapsPort, "gw-entrance", KEYS.derive("gw-entrance", 1))) {
      // THEN it may neither change nor read anything: 4.03, nothing stored
      CoapResponse post = device.send(Code.POST, "/api/persons", new JsonObject().put("name", "Mallory").encode());
      assertThat(post).isNotNull();
      assertThat(post.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
      assertThat(new JsonObject(post.getResponseText()).getString("message")).contains("a device (gw-entrance)");
      assertThat(device.send(Code.GET, "/api/devices", null).getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    }
    // AND with a key of another generation the handshake fails: no answer at all
    try (CoapTestClient old = CoapTestClient.secure(api.coapsPort, "gw-entrance", KEYS.derive("gw-entrance", 2))) {
      assertThat(old.send(Code.GET, "/api/rooms", null)).isNull();
    }
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void withoutADeviceKeyNothingIsRegisteredAndTheAnswerNamesTheKey(Vertx vertx) {
    ApiFixture keyless = ApiFixture.start(vertx, Map.of("device.key", ""));
    try {
      HttpResponse<Buffer> response = keyless.admin(HttpMethod.POST, "/api/devices", device("pir-z", "pir", "hall"));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getString("message")).contains("device.key");
      assertThat(keyless.count("devices")).isZero();
    } finally {
      keyless.stop();
      TestDatabase.dropDatabase(keyless.dbUrl);
    }
  }
}
