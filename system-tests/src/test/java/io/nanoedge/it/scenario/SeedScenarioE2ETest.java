package io.nanoedge.it.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static io.nanoedge.testkit.ControllerHarness.eventually;
import static io.nanoedge.it.scenario.Building.CORRIDOR;
import static io.nanoedge.it.scenario.Building.ENTRANCE;
import static io.nanoedge.it.scenario.Building.ROOM;
import static io.nanoedge.it.scenario.Building.WAIT;
import static io.nanoedge.it.scenario.Building.udp;

import io.nanoedge.bus.Addresses;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.config.Role;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed scenario end to end in one Vert.x: the real API on MariaDB, the real controller and the real device
 * verticles with simulated drivers (presence and BLE scanner at the entrance, three corridor LED nodes, the room
 * with its door PIR, door scanner and display, a side door with a PIR and no scanner). The world is driven the way
 * people drive it: bookings and admissions over HTTP, badges and footsteps through the simulate addresses (what the
 * shell's {@code simulate} sends). Asserts the exact status sequences stored in {@code status_log}.
 *
 * <p>The tests share one building and one meeting and run in story order: Bob and Carl come first (Bob is the
 * first to arrive, so the meeting is presented to him), then David, then the failures.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SeedScenarioE2ETest {
  private static final String SIDE_DOOR = "side-door";
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final String CARL_TAG = "AA:BB:CC:00:00:02";
  private static final String STRANGER_TAG = "AA:BB:CC:00:00:99";
  /** Every LED_CHANGED fact: which node changed its pattern, for how many journeys. */
  private static final List<JsonObject> LED_FACTS = new CopyOnWriteArrayList<>();

  private static Building building;
  private static long bob;
  private static long carl;
  private static long event;

  @BeforeAll
  static void building(Vertx vertx) throws Exception {
    building = new Building(vertx);
    ControllerHarness.await(vertx.eventBus().consumer(Addresses.LED_CHANGED.address(), m -> LED_FACTS.add((
        JsonObject) m.body()))
        .completion());
    building.deploy(Role.API, Map.of()).deploy(Role.CONTROLLER, Map.of())
        .deploy(Role.PRESENCE, Map.of("presence.location", ENTRANCE, "presence.coap-port", udp()))
        .deploy(Role.BLE, Map.of("ble.location", ENTRANCE))
        .deploy(Role.PRESENCE, Map.of("presence.location", SIDE_DOOR, "presence.coap-port", udp()))
        .deploy(Role.ROOM, Map.of("room.location", ROOM, "room.name", "Room R", "room.coap-port", udp()));
    for (String led : CORRIDOR) {
      building.deploy(Role.LED, Map.of("led.node", led));
    }
    building.awaitReady();

    // Alice books "Budget review" in Room R for Bob, Carl and David, registers their tags, uploads the agenda.
    long alice = building.create("/api/persons", new JsonObject().put("name", "Alice"));
    bob = building.create("/api/persons", new JsonObject().put("name", "Bob"));
    carl = building.create("/api/persons", new JsonObject().put("name", "Carl"));
    long david = building.create("/api/persons", new JsonObject().put("name", "David"));
    building.create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "badge"));
    building.create("/api/tags", new JsonObject().put("tagId", CARL_TAG).put("personId", carl).put("label", "visitor"));
    event = building.meeting(alice, List.of(bob, carl, david));
    Building.send(HttpRequest.newBuilder(URI.create(building.api + "/api/events/" + event
        + "/documents?name=agenda.md")).header("content-type", "text/markdown")
        .POST(HttpRequest.BodyPublishers.ofString("# Budget review\n")), 201);
  }

  @AfterAll
  static void dropDatabase() {
    building.drop();
  }

  @Test
  @Order(1)
  void bobAndCarlAreGuidedAndTheFirstToArriveGetsTheMeetingPresented(Vertx vertx) throws Exception {
    // GIVEN Bob's badge and the tag Alice registered for Carl in range of the entrance scanner
    building.simulateTag(ENTRANCE, BOB_TAG);
    building.simulateTag(ENTRANCE, CARL_TAG);
    // WHEN they walk past the entrance PIR
    building.simulateMotion(ENTRANCE);
    // THEN one visit is authenticated with a journey for each of them, and the corridor LEDs guide them
    String visit = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    String bobJourney = building.journeyOf(visit, bob);
    String carlJourney = building.journeyOf(visit, carl);
    building.awaitStatuses(bobJourney, List.of("AUTHENTICATED"));
    building.awaitStatuses(carlJourney, List.of("AUTHENTICATED"));
    for (String node : CORRIDOR) {
      eventually(node + " lit to guide them", () -> lit(node), WAIT);
    }

    // WHEN Bob reaches the room's door first
    building.awaitNoTagsAt(ENTRANCE); // the entrance beacons (in range for 1 s) are gone: only the door hears them
    building.simulateTag(ROOM, BOB_TAG);
    building.simulateMotion(ROOM);
    // THEN the meeting is presented to him, on the room's display
    building.awaitStatuses(bobJourney, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    JsonObject state = new JsonObject(building.display("/state"));
    assertThat(state.getString("mode")).as(() -> state.encode()).isEqualTo("meeting");
    assertThat(state.getLong("eventId")).isEqualTo(event);
    assertThat(state.getJsonArray("documents").stream()
        .map(d -> ((JsonObject) d).getString("name")).toList()).isEqualTo(List.of("agenda.md"));
    String agenda = building.display(state.getJsonArray("documents").getJsonObject(0).getString("url"));
    assertThat(agenda).isEqualTo("# Budget review\n");

    // WHEN Carl arrives after him (Bob's beacon has left the door)
    building.awaitNoTagsAt(ROOM);
    building.simulateTag(ROOM, CARL_TAG);
    building.simulateMotion(ROOM);
    // THEN Carl's journey ends at GUIDED: the documents are already up; the visit itself stays AUTHENTICATED
    eventually("the visit is finished", () -> ControllerHarness.requestJson(vertx, Addresses.VISITS.address(),
        new JsonObject())
        .getJsonArray("visits").isEmpty(), WAIT);
    assertThat(building.statuses(carlJourney)).isEqualTo(List.of("AUTHENTICATED", "GUIDED"));
    assertThat(building.statuses(bobJourney)).isEqualTo(List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    assertThat(building.statuses(visit)).isEqualTo(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    // AND the API serves the same story
    JsonObject stored = building.get("/api/visits/" + visit);
    assertThat(stored.getJsonArray("timeline").stream()
        .map(t -> ((JsonObject) t).getString("status")).toList()).as(() -> stored.encode()).isEqualTo(List.of("INIT",
            "DETECTED", "SCANNED", "AUTHENTICATED"));
    assertThat(stored.getJsonArray("journeys").size()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void davidWithoutATagWaitsAndIsGuidedOnceAliceAdmitsHim(Vertx vertx) throws Exception {
    // GIVEN nobody's tag in range: David has none
    building.awaitNoTagsAt(ENTRANCE);
    // WHEN he walks past the entrance PIR
    building.simulateMotion(ENTRANCE);
    // THEN his visit waits at SCANNED for the host
    String visit = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED"));
    // WHEN Alice admits him over HTTP
    LED_FACTS.clear();
    JsonObject admitted = new JsonObject(building.post("/api/visits/" + visit + "/admit", new JsonObject()
        .put("guestName", "David").put("eventId", event).put("by", "Alice"), 200));
    // THEN he is authenticated by the host and guided; at the door (no tag) his journey ends GUIDED, since the
    // meeting was already presented to Bob
    String david = admitted.getJsonArray("journeys").getJsonObject(0).getString("id");
    building.awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    building.awaitStatuses(david, List.of("AUTHENTICATED"));
    eventually("the corridor lit for David", () -> lit(CORRIDOR.get(2)), WAIT);
    building.simulateMotion(ROOM);
    eventually("David's arrival is taken", () -> ControllerHarness.requestJson(vertx, Addresses.VISITS.address(),
        new JsonObject()).getJsonArray("visits").isEmpty(), WAIT);
    assertThat(building.statuses(david)).isEqualTo(List.of("AUTHENTICATED", "GUIDED"));
    Row first = TestDatabase.query(building.dbUrl, "SELECT reason, data FROM status_log WHERE subject_id = '" + david
        + "' AND seq = 1").iterator().next();
    assertThat(first.getString("reason")).isEqualTo("admitted by host");
    assertThat(new JsonObject(first.getString("data")).getString("guestName")).isEqualTo("David");
  }

  @Test
  @Order(3)
  void anUnknownTagAloneEndsNotAuthenticatedAtTheAdmissionExpiry() throws Exception {
    // GIVEN only a tag nobody registered in range of the entrance
    building.awaitNoTagsAt(ENTRANCE);
    building.simulateTag(ENTRANCE, STRANGER_TAG);
    // WHEN the PIR fires and nobody admits anyone
    building.simulateMotion(ENTRANCE);
    // THEN the visit ends NOT AUTHENTICATED once admit.expiry-ms (1 s) has passed, with no journey
    String visit = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
    assertThat(building.column("SELECT subject_id FROM status_log WHERE visit_id = '" + visit
        + "' AND kind <> 'VISIT'")).isEqualTo(List.of());
  }

  @Test
  @Order(4)
  void aDoorWithoutAScannerEndsNotScanned() {
    // GIVEN the side door has a PIR and no BLE scanner role
    long start = System.currentTimeMillis();
    // WHEN someone walks past it
    building.simulateMotion(SIDE_DOOR);
    // THEN the visit is NOT SCANNED within the scan timeout (window 300 ms + margin 400 ms), naming the location
    String visit = building.awaitVisit(SIDE_DOOR, List.of("INIT", "DETECTED", "NOT SCANNED"));
    String reason = building.column("SELECT reason FROM status_log WHERE subject_id = '" + visit + "' AND seq = 3")
        .get(0);
    assertThat(reason.contains(SIDE_DOOR)).as(() -> reason).isTrue();
    long took = System.currentTimeMillis() - start;
    assertThat(took < 3000).as(() -> "NOT SCANNED stored after " + took + " ms").isTrue();
  }

  /** Whether the LED node changed its pattern while guiding someone. */
  private static boolean lit(String node) {
    return LED_FACTS.stream().anyMatch(f -> f.getString("node").equals(node) && f.getInteger("journeys") >= 1);
  }
}
