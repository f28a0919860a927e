package io.nanoedge.controller;

import static org.assertj.core.api.Assertions.assertThat;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Admit;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Motion;
import io.nanoedge.bus.StatusRecord;
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
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static io.nanoedge.testkit.ControllerHarness.requestJson;
import static io.nanoedge.testkit.StandInServices.BOB_TAG;
import static io.nanoedge.testkit.StandInServices.CARL_TAG;
import static io.nanoedge.testkit.StandInServices.ENTRANCE;
import static io.nanoedge.testkit.StandInServices.EVENT;
import static io.nanoedge.testkit.StandInServices.ROOM;
import static io.nanoedge.testkit.StandInServices.STRANGER_TAG;
import static io.nanoedge.testkit.StandInServices.TAGS;

/**
 * The seed scenario through the controller, with the API and the devices stood in on the event bus
 * ({@link StandInServices}; swap it for the real API and device verticles to run the same story end to
 * end). Asserts the exact status sequences stored per visit and journey.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SeedScenarioTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private StandInServices world;

  @BeforeEach
  void setUp(Vertx vertx) {
    world = new StandInServices(vertx);
    ControllerHarness.await(world.api().compose(v -> world.scanner(ENTRANCE)).compose(v -> world.devices()));
    ControllerHarness.deployController(vertx, Map.of());
  }

  private static String detect(Vertx vertx, String location) {
    return requestJson(vertx, Addresses.DETECT.address(), new Motion(location, null, "test-pir").toJson()).getString(
        "visitId");
  }

  private void awaitStatuses(String subject, List<String> expected) {
    eventually(subject + " has " + expected + " (has " + world.statuses(subject) + ")",
        () -> world.statuses(subject).equals(expected), WAIT);
  }

  @Test
  void bobAndCarlAreGuidedAndTheFirstToArriveGetsTheMeetingPresented(Vertx vertx) {
    // GIVEN Bob's and Carl's tags in range of the entrance scanner
    world.inRange(ENTRANCE, BOB_TAG, CARL_TAG);
    // WHEN the entrance PIR fires
    String visit = detect(vertx, ENTRANCE);
    // THEN the visit is authenticated and both are guided from the first LED node of the path
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    String bob = visit + "-2";
    String carl = visit + "-3";
    awaitStatuses(bob, List.of("AUTHENTICATED"));
    awaitStatuses(carl, List.of("AUTHENTICATED"));
    eventually("two guide agents started", () -> world.hops().size() == 2, WAIT);
    assertThat(world.hops().stream().allMatch(h -> h.position() == 0 && h.node().equals("corridor-1"))).isTrue();

    // WHEN Bob reaches the room's door, then Carl
    JsonObject first = requestJson(vertx, Addresses.ARRIVAL.address(),
        new Arrival(ROOM, List.of(TAGS.hash(BOB_TAG)), null).toJson());
    awaitStatuses(bob, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    JsonObject second = requestJson(vertx, Addresses.ARRIVAL.address(),
        new Arrival(ROOM, List.of(TAGS.hash(CARL_TAG)), null).toJson());

    // THEN the first arrival is PRESENTED and the later one ends at GUIDED; guidance stopped for both
    assertThat(first.getJsonArray("journeys").getList()).isEqualTo(List.of(bob));
    assertThat(second.getJsonArray("journeys").getList()).isEqualTo(List.of(carl));
    awaitStatuses(carl, List.of("AUTHENTICATED", "GUIDED"));
    assertThat(world.presents().size()).isEqualTo(1);
    assertThat(world.presents().get(0).eventId()).isEqualTo(EVENT);
    eventually("guidance stopped", () -> world.stops().size() == 2, WAIT);
    eventually("the finished visit leaves the controller", () -> requestJson(vertx, Addresses.VISITS.address(),
        new JsonObject())
        .getJsonArray("visits").isEmpty(), WAIT);
    assertThat(world.statuses(visit)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    assertThat(world.statuses(carl)).isEqualTo(List.of("AUTHENTICATED", "GUIDED"));
  }

  @Test
  void davidWithoutATagWaitsUntilTheHostAdmitsHimAndIsThenGuided(Vertx vertx) {
    // GIVEN no tag in range: David has none
    world.inRange(ENTRANCE);
    String visit = detect(vertx, ENTRANCE);
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED"));
    eventually("the visit waits for admission", () -> requestJson(vertx, Addresses.VISITS.address(), new JsonObject())
        .getJsonArray("visits").getJsonObject(0).getString("step").equals("AWAITING_ADMISSION"), WAIT);

    // WHEN Alice admits him as a guest to her meeting (twice: a retried command)
    Admit admit = new Admit(visit, null, "David", EVENT, "alice");
    requestJson(vertx, Addresses.ADMIT.address(), admit.toJson());
    JsonObject again = requestJson(vertx, Addresses.ADMIT.address(), admit.toJson());

    // THEN one journey is authenticated by the host and guided; his tagless door presence completes it
    assertThat(again.getJsonArray("journeys").size()).isEqualTo(1);
    String david = again.getJsonArray("journeys").getJsonObject(0).getString("id");
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    awaitStatuses(david, List.of("AUTHENTICATED"));
    StatusRecord admitted = world.records(david).get(0);
    assertThat(admitted.reason()).isEqualTo("admitted by host");
    assertThat(admitted.data().getString("guestName")).isEqualTo("David");
    assertThat(admitted.data().getString("admittedBy")).isEqualTo("alice");
    eventually("his guide agent started", () -> world.hops().size() == 1, WAIT);

    requestJson(vertx, Addresses.ARRIVAL.address(), new Arrival(ROOM, List.of(), null).toJson());
    awaitStatuses(david, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    assertThat(world.journeysOf(visit)).isEqualTo(List.of(david));
  }

  @Test
  void oneTaglessDoorPresenceCompletesOneGuestJourneyNotOnePerVisit(Vertx vertx) {
    // GIVEN two tagless visitors, each in a visit of their own, both admitted as guests to the meeting
    world.inRange(ENTRANCE);
    List<String> guests = new java.util.ArrayList<>();
    for (String name : List.of("David", "Erin")) {
      String visit = detect(vertx, ENTRANCE);
      awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED"));
      eventually(name + "'s visit waits for admission", () -> requestJson(vertx, Addresses.VISITS.address(),
          new JsonObject())
          .getJsonArray("visits").stream().map(JsonObject.class::cast)
          .anyMatch(v -> v.getString("id").equals(visit) && v.getString("step").equals("AWAITING_ADMISSION")), WAIT);
      guests.add(requestJson(vertx, Addresses.ADMIT.address(), new Admit(visit, null, name, EVENT, "alice").toJson())
          .getJsonArray("journeys").getJsonObject(0).getString("id"));
    }

    // WHEN one person without a tag stands at the door
    JsonObject first = requestJson(vertx, Addresses.ARRIVAL.address(), new Arrival(ROOM, List.of(), null).toJson());

    // THEN exactly one guest journey (the oldest) is completed; the next presence completes the other
    assertThat(first.getJsonArray("journeys").getList()).isEqualTo(List.of(guests.get(0)));
    JsonObject second = requestJson(vertx, Addresses.ARRIVAL.address(), new Arrival(ROOM, List.of(), null).toJson());
    assertThat(second.getJsonArray("journeys").getList()).isEqualTo(List.of(guests.get(1)));
  }

  @Test
  void anUnknownTagAloneEndsNotAuthenticatedAtTheAdmissionExpiry(Vertx vertx) {
    // GIVEN only a tag nobody registered in range
    world.inRange(ENTRANCE, STRANGER_TAG);
    long start = System.currentTimeMillis();
    // WHEN the PIR fires and nobody admits anyone
    String visit = detect(vertx, ENTRANCE);
    // THEN the visit ends NOT AUTHENTICATED once admit.expiry-ms (1.5 s) has passed, with no journey
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
    StatusRecord last = world.records(visit).get(3);
    assertThat(last.at().toEpochMilli() - start >= 1500).as(() -> "ended before the expiry").isTrue();
    assertThat(last.reason()).isEqualTo("1 tag(s) not recognised and nobody admitted within 1 s");
    assertThat(world.journeysOf(visit).isEmpty()).isTrue();
  }

  @Test
  void aScannerThatNeverAnswersEndsNotScannedWithinItsTimeout(Vertx vertx) {
    // GIVEN a scanner at the side door that takes requests and never answers
    ControllerHarness.await(world.silentScanner("side-door"));
    long start = System.currentTimeMillis();
    // WHEN the side door's PIR fires
    String visit = detect(vertx, "side-door");
    // THEN the visit is NOT SCANNED once window (100 ms) + margin (400 ms) have passed, well within 2 s
    awaitStatuses(visit, List.of("INIT", "DETECTED", "NOT SCANNED"));
    StatusRecord last = world.records(visit).get(2);
    long took = last.at().toEpochMilli() - start;
    assertThat(took >= 500 && took < 2000).as(() -> "NOT SCANNED after " + took + " ms").isTrue();
    assertThat(last.reason()).isEqualTo("the scanner at side-door did not answer within 500 ms");
  }

  @Test
  void aLocationWithoutAnyScannerEndsNotScannedAtOnce(Vertx vertx) {
    // WHEN motion is seen where no scanner runs
    String visit = detect(vertx, "loading-bay");
    // THEN the visit is NOT SCANNED, naming the missing scanner
    awaitStatuses(visit, List.of("INIT", "DETECTED", "NOT SCANNED"));
    assertThat(world.records(visit).get(2).reason().startsWith("no scanner answers at loading-bay")).as((
        ) -> world.records(visit).get(2).reason()).isTrue();
  }
}
