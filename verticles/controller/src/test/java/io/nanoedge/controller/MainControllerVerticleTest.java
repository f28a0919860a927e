package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.NanoException;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.StandInServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static io.nanoedge.testkit.ControllerHarness.await;
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static io.nanoedge.testkit.ControllerHarness.requestJson;
import static io.nanoedge.testkit.StandInServices.BOB_TAG;
import static io.nanoedge.testkit.StandInServices.ENTRANCE;

/** The controller's commands, timeouts and status-log buffering, with stand-ins on a local event bus. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MainControllerVerticleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private StandInServices world;

  @BeforeEach
  void setUp(Vertx vertx) {
    world = new StandInServices(vertx);
    await(world.api().compose(v -> world.scanner(ENTRANCE)).compose(v -> world.devices()));
    ControllerHarness.deployController(vertx, Map.of("scan.window-ms", "300", "controller.entrances", ENTRANCE));
  }

  @Test
  void motionWhileTheVisitIsStillScanningFoldsIntoIt(Vertx vertx) {
    // WHEN the PIR fires twice within the scan window
    JsonObject first = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, null, "pir").toJson());
    JsonObject second = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, null, "pir").toJson());
    // THEN both belong to one visit
    assertThat(second.getString("visitId")).isEqualTo(first.getString("visitId"));
    assertThat(second.getBoolean("folded")).isTrue();
    assertThat(requestJson(vertx, Addresses.VISITS.address(), new JsonObject()).getJsonArray("visits").size())
        .isEqualTo(1);
  }

  @Test
  void aRetriedReportOfTheSameMotionGetsTheVisitItOpenedNotASecondOne(Vertx vertx) {
    // GIVEN Bob's visit opened by a PIR report and already past scanning (its answer lost, say, in a takeover)
    world.inRange(ENTRANCE, BOB_TAG);
    java.time.Instant sensed = java.time.Instant.parse("2026-12-01T10:00:00.123Z");
    String visit = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, sensed, "pir-1").toJson())
        .getString("visitId");
    eventually("authenticated", () -> world.statuses(visit).contains("AUTHENTICATED"), WAIT);
    // WHEN the PIR sends the same report again, and another motion comes from it later
    JsonObject retry = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, sensed, "pir-1").toJson());
    JsonObject later = requestJson(vertx, Addresses.DETECT.address(),
        new Motion(ENTRANCE, sensed.plusSeconds(5), "pir-1").toJson());
    // THEN the retry gets the visit it opened; the later motion opens a visit of its own
    assertThat(retry.getString("visitId")).isEqualTo(visit);
    assertThat(later.getString("visitId")).isNotEqualTo(visit);
  }

  @Test
  void publishedMotionOpensAVisitOnlyAtAConfiguredEntrance(Vertx vertx) {
    // WHEN motion is published at the entrance and at a room door
    vertx.eventBus().publish(Addresses.MOTION.address(), new Motion("room-r", null, "door-pir").toJson());
    vertx.eventBus().publish(Addresses.MOTION.address(), new Motion(ENTRANCE, null, "pir").toJson());
    // THEN only the entrance opens a visit
    eventually("one visit stored", () -> world.log().size() == 1, WAIT);
    assertThat(world.log().values().iterator().next().get(0).data().getString("location")).isEqualTo(ENTRANCE);
  }

  @Test
  void aJourneyNobodyCompletesEndsNotGuidedAndItsGuidanceIsStopped(Vertx vertx) {
    // GIVEN Bob recognised and guided (guide.timeout-ms is 3 s in these tests)
    world.inRange(ENTRANCE, BOB_TAG);
    String visit = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, null, "pir").toJson())
        .getString("visitId");
    // WHEN he never reaches the room
    // THEN his journey ends NOT GUIDED with the reason and every LED node is told to stop
    eventually("NOT GUIDED", () -> world.statuses(visit + "-2").equals(List.of("AUTHENTICATED", "NOT GUIDED")),
        WAIT);
    assertThat(world.records(visit + "-2").get(1).reason()).isEqualTo("nobody arrived at room-r within 3 s");
    eventually("guidance stopped", () -> world.stops().stream()
        .anyMatch(s -> s.journeyId().equals(visit + "-2") && s.reason().equals("timeout")), WAIT);
  }

  @Test
  void statusesAreKeptWhileTheStatusLogIsDownAndStoredInOrderWhenItReturns(Vertx vertx) throws Exception {
    // GIVEN the status log refusing every append
    world.statusLogDown(true);
    world.inRange(ENTRANCE, BOB_TAG);
    String visit = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, null, "pir").toJson())
        .getString("visitId");
    eventually("the records wait in the controller", () -> requestJson(vertx, Addresses.VISITS.address(),
        new JsonObject())
        .getInteger("pendingRecords") >= 5, WAIT);
    int refusedBefore = world.refusedAppends();
    eventually("the controller retried a refused append", () -> world.refusedAppends() > refusedBefore, WAIT);
    assertThat(world.log().isEmpty()).isTrue();
    // WHEN it comes back
    world.statusLogDown(false);
    // THEN every record is stored, once and in sequence order
    eventually("the visit flushed", () -> world.statuses(visit)
        .equals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED")), Duration.ofSeconds(15));
    eventually("the journey flushed", () -> world.statuses(visit + "-2").equals(List.of("AUTHENTICATED")), WAIT);
  }

  @Test
  void admittingAnUnknownVisitIs404AndAnUnknownEventChangesNothing(Vertx vertx) {
    // GIVEN a visit waiting for admission
    world.inRange(ENTRANCE);
    String visit = requestJson(vertx, Addresses.DETECT.address(), new Motion(ENTRANCE, null, "pir").toJson())
        .getString("visitId");
    eventually("scanned", () -> world.statuses(visit).size() == 3, WAIT);
    // WHEN admissions name an unknown visit or an unknown event
    NanoException unknownVisit = catchThrowableOfType(NanoException.class, () -> await(Bus.requestJson(vertx.eventBus(),
        Addresses.ADMIT.address(), new Admit("v-nope", null, "David", 7, null).toJson())));
    NanoException unknownEvent = catchThrowableOfType(NanoException.class, () -> await(Bus.requestJson(vertx.eventBus(),
        Addresses.ADMIT.address(), new Admit(visit, null, "David", 99, null).toJson())));
    NanoException malformed = catchThrowableOfType(NanoException.class, () -> await(Bus.requestJson(vertx.eventBus(),
        Addresses.ADMIT.address(), new JsonObject().put("visitId", visit).put("eventId", 7))));
    // THEN 404, 404 from the API, 400 naming the fields; the visit still waits, with no journey
    assertThat(unknownVisit.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(unknownEvent.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(malformed.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(malformed.getMessage()).isEqualTo("exactly one of 'personId' and 'guestName' is required");
    assertThat(requestJson(vertx, Addresses.VISITS.address(), new JsonObject()).getJsonArray(
        "visits")
        .getJsonObject(0).getString("step")).isEqualTo("AWAITING_ADMISSION");
    assertThat(world.statuses(visit)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED"));
  }
}
