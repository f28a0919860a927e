package io.nanoedge.device.ble;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.ScanRequest;
import io.nanoedge.bus.ScanResult;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.device.DeviceTests;
import io.nanoedge.device.driver.TagScanner.RawSighting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ble role with the simulated scanner: hashes only, strongest RSSI, floor, bad input. */
@ExtendWith(VertxExtension.class)
class BleScannerTest {
  private static final TagHash HASH = new TagHash(DeviceTests.TAG_KEY);

  private static void tag(Vertx vertx, String id, int rssi) {
    await(Bus.requestJson(vertx.eventBus(), Addresses.SIMULATE_TAG.at("entrance").address(),
        new JsonObject().put("tag", id).put("seconds", 30).put("rssi", rssi)));
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void scanAnswersHashesAboveTheFloorStrongestFirst(Vertx vertx) {
    // GIVEN the entrance scanner (floor -80 dBm) with three beacons, one too weak
    deploy(vertx, BleScannerVerticle.class.getName(), config("ble.location", "entrance", "ble.rssi-floor", "-80"));
    tag(vertx, "AA:BB:CC:DD:EE:01", -70);
    tag(vertx, "aa-bb-cc-dd-ee-02", -50);
    tag(vertx, "AA:BB:CC:DD:EE:03", -95);

    // WHEN the controller asks for a 300 ms scan
    JsonObject reply = await(Bus.requestJson(vertx.eventBus(), Addresses.BLE_SCAN.at("entrance").address(),
        new ScanRequest("entrance", 300, "v-1").toJson()));

    // THEN it gets the two strong tags as keyed hashes, strongest first, and no raw id
    ScanResult result = ScanResult.fromJson(reply);
    assertThat(result.tags()).containsExactly(new TagSighting(HASH.hash("aa:bb:cc:dd:ee:02"), -50),
        new TagSighting(HASH.hash("aa:bb:cc:dd:ee:01"), -70));
    assertThat(reply.encode()).doesNotContainIgnoringCase("aa:bb").doesNotContainIgnoringCase("aa-bb");
  }

  @Test
  void aTagSeenTwiceIsReportedOnceWithItsStrongestRssi() {
    // GIVEN sightings of one tag in two spellings and RSSIs, plus an advertisement that is no tag id
    TagSightings sightings = new TagSightings(HASH, -90);
    // WHEN they are hashed
    List<TagSighting> out = sightings.hashed(List.of(new RawSighting("AA:BB:CC:DD:EE:01", -75),
        new RawSighting("aa:bb:cc:dd:ee:01", -61), new RawSighting("not-a-tag", -40)));
    // THEN one sighting with the strongest RSSI remains
    assertThat(out).containsExactly(new TagSighting(HASH.hash("aa:bb:cc:dd:ee:01"), -61));
  }

  @Test
  void aRawSightingNeverPrintsItsId() {
    assertThat(new RawSighting("AA:BB:CC:DD:EE:01", -60).toString()).doesNotContain("AA:BB").contains("redacted");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void badSimulatedTagsAndScansAreRefusedWithTheField(Vertx vertx) {
    deploy(vertx, BleScannerVerticle.class.getName(), config("ble.location", "entrance"));
    // WHEN a simulated tag is not a MAC or iBeacon id, or a scan names another location
    NanoException badTag = failure(Bus.requestJson(vertx.eventBus(), Addresses.SIMULATE_TAG.at("entrance").address(),
        new JsonObject().put("tag", "bob's phone")));
    NanoException badScan = failure(Bus.requestJson(vertx.eventBus(), Addresses.BLE_SCAN.at("entrance").address(),
        new JsonObject().put("location", "room-r").put("windowMs", 10)));
    NanoException badWindow = failure(Bus.requestJson(vertx.eventBus(), Addresses.BLE_SCAN.at("entrance").address(),
        new JsonObject().put("location", "entrance").put("windowMs", -1)));
    // THEN each is a 400 naming what is wrong
    assertThat(badTag.code().status()).isEqualTo(400);
    assertThat(badTag.getMessage()).contains("tag id must be");
    assertThat(badScan.getMessage()).contains("entrance").contains("room-r");
    assertThat(badWindow.getMessage()).contains("windowMs");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  void withoutATagKeyTheRoleDoesNotStart(Vertx vertx) {
    JsonObject noKey = config("ble.location", "entrance");
    noKey.remove("tag.key");
    assertThatThrownBy(() -> deploy(vertx, BleScannerVerticle.class.getName(), noKey))
        .hasMessageContaining("tag.key");
  }
}
