package io.nanoedge.it.scenario;

import static io.nanoedge.controller.ControllerHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.controller.ControllerHarness;
import io.nanoedge.launcher.Role;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  private static final String TOKEN = "e2e-admin-token-0123456789";
  private static final String ENTRANCE = "entrance";
  private static final String ROOM = "room-r";
  private static final String SIDE_DOOR = "side-door";
  private static final List<String> CORRIDOR = List.of("corridor-1", "corridor-2", "corridor-3");
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final String CARL_TAG = "AA:BB:CC:00:00:02";
  private static final String STRANGER_TAG = "AA:BB:CC:00:00:99";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String dbUrl;
  private static String api;
  private static String display;
  private static long bob;
  private static long carl;
  private static long event;
  /** Every LED_CHANGED fact: which node showed a pattern for how many journeys. */
  private static final List<JsonObject> LED_FACTS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void building(Vertx vertx) throws Exception {
    dbUrl = TestDatabase.createDatabase();
    int httpPort = Ports.freeTcp();
    int displayPort = Ports.freeTcp();
    api = "http://127.0.0.1:" + httpPort;
    display = "http://127.0.0.1:" + displayPort;
    // Small timings so the story plays in seconds: scans of 300 ms, 200 ms per corridor segment, admission
    // expiry at its minimum of 1 s.
    JsonObject base = new JsonObject().put("node.id", "e2e").put("db.url", dbUrl).put("admin.token", TOKEN)
        .put("tag.key", "e2e-tag-key-0123456789").put("http.host", "127.0.0.1").put("http.port", str(httpPort))
        .put("coap.host", "127.0.0.1").put("coap.port", str(Ports.freeUdp())).put("coaps.port", str(Ports.freeUdp()))
        .put("bus.timeout-ms", "2000").put("scan.window-ms", "300").put("scan.margin-ms", "400")
        .put("room.scan-window-ms", "300").put("guide.segment-ms", "200").put("guide.timeout-ms", "10000")
        .put("presence.hold-ms", "100").put("presence.debounce-ms", "0").put("admit.expiry-ms", "1000")
        .put("controller.lease-ms", "600").put("display.port", str(displayPort));
    ControllerHarness.await(vertx.eventBus().consumer(Addresses.LED_CHANGED, m -> LED_FACTS.add((JsonObject) m.body()))
        .completion());
    deploy(vertx, Role.API, base, Map.of());
    deploy(vertx, Role.CONTROLLER, base, Map.of());
    deploy(vertx, Role.PRESENCE, base, Map.of("presence.location", ENTRANCE, "presence.coap-port", udp()));
    deploy(vertx, Role.BLE, base, Map.of("ble.location", ENTRANCE));
    deploy(vertx, Role.PRESENCE, base, Map.of("presence.location", SIDE_DOOR, "presence.coap-port", udp()));
    deploy(vertx, Role.ROOM, base, Map.of("room.location", ROOM, "room.name", "Room R", "room.coap-port", udp()));
    for (String led : CORRIDOR) {
      deploy(vertx, Role.LED, base, Map.of("led.node", led));
    }
    eventually("the controller leads", () -> {
      try {
        ControllerHarness.request(vertx, Addresses.VISITS, new JsonObject());
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }, WAIT);

    // Alice books "Budget review" in Room R for Bob, Carl and David, and uploads the agenda.
    long alice = create("/api/persons", new JsonObject().put("name", "Alice"));
    bob = create("/api/persons", new JsonObject().put("name", "Bob"));
    carl = create("/api/persons", new JsonObject().put("name", "Carl"));
    long david = create("/api/persons", new JsonObject().put("name", "David"));
    long room = create("/api/rooms", new JsonObject().put("name", "Room R").put("location", ROOM)
        .put("capacity", 8).put("entrances", new JsonArray().add(ENTRANCE)).put("ledPath", new JsonArray(CORRIDOR)));
    create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "Bob's badge"));
    create("/api/tags", new JsonObject().put("tagId", CARL_TAG).put("personId", carl).put("label", "visitor tag"));
    Instant start = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    event = create("/api/events", new JsonObject().put("title", "Budget review").put("roomId", room)
        .put("start", start.toString()).put("end", start.plus(1, ChronoUnit.HOURS).toString()).put("hostId", alice)
        .put("participantIds", new JsonArray().add(bob).add(carl).add(david)));
    send(HttpRequest.newBuilder(URI.create(api + "/api/events/" + event + "/documents?name=agenda.md"))
        .header("content-type", "text/markdown").POST(HttpRequest.BodyPublishers.ofString("# Budget review\n")), 201);
  }

  @AfterAll
  static void dropDatabase() {
    TestDatabase.dropDatabase(dbUrl);
  }

  @Test
  @Order(1)
  void bobAndCarlAreGuidedAndTheFirstToArriveGetsTheMeetingPresented(Vertx vertx) throws Exception {
    // GIVEN Bob's badge and the tag Alice registered for Carl in range of the entrance scanner
    simulateTag(vertx, ENTRANCE, BOB_TAG);
    simulateTag(vertx, ENTRANCE, CARL_TAG);
    // WHEN they walk past the entrance PIR
    simulateMotion(vertx, ENTRANCE);
    // THEN one visit is authenticated with a journey for each of them, and the corridor LEDs guide them
    String visit = awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    String bobJourney = journeyOf(visit, bob);
    String carlJourney = journeyOf(visit, carl);
    awaitStatuses(bobJourney, List.of("AUTHENTICATED"));
    awaitStatuses(carlJourney, List.of("AUTHENTICATED"));
    for (String node : CORRIDOR) {
      eventually(node + " lit to guide them", () -> lit(node, 1), WAIT);
    }

    // WHEN Bob reaches the room's door first
    Thread.sleep(1000); // the entrance beacons (in range for 1 s) are gone: only the door hears them now
    simulateTag(vertx, ROOM, BOB_TAG);
    simulateMotion(vertx, ROOM);
    // THEN the meeting is presented to him, on the room's display
    awaitStatuses(bobJourney, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
    JsonObject state = new JsonObject(send(HttpRequest.newBuilder(URI.create(display + "/state")).GET(), 200));
    assertEquals("meeting", state.getString("mode"), state.encode());
    assertEquals(event, state.getLong("eventId"));
    assertEquals(List.of("agenda.md"), state.getJsonArray("documents").stream()
        .map(d -> ((JsonObject) d).getString("name")).toList());

    // WHEN Carl arrives after him
    Thread.sleep(1000);
    simulateTag(vertx, ROOM, CARL_TAG);
    simulateMotion(vertx, ROOM);
    // THEN Carl's journey ends at GUIDED: the documents are already up; the visit itself stays AUTHENTICATED
    eventually("Carl's arrival is taken", () -> !ControllerHarness.request(vertx, Addresses.VISITS, new JsonObject())
        .getJsonArray("visits").stream().anyMatch(v -> ((JsonObject) v).getString("id", "").equals(visit)), WAIT);
    assertEquals(List.of("AUTHENTICATED", "GUIDED"), statuses(carlJourney));
    assertEquals(List.of("AUTHENTICATED", "GUIDED", "PRESENTED"), statuses(bobJourney));
    assertEquals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"), statuses(visit));
    // AND the API serves the same story
    JsonObject stored = new JsonObject(send(HttpRequest.newBuilder(URI.create(api + "/api/visits/" + visit)).GET(),
        200));
    assertEquals(List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"), stored.getJsonArray("timeline").stream()
        .map(t -> ((JsonObject) t).getString("status")).toList(), stored.encode());
    assertEquals(2, stored.getJsonArray("journeys").size());
  }

  @Test
  @Order(2)
  void davidWithoutATagWaitsAndIsGuidedOnceAliceAdmitsHim(Vertx vertx) throws Exception {
    // GIVEN nobody's tag in range: David has none
    Thread.sleep(1000);
    // WHEN he walks past the entrance PIR
    simulateMotion(vertx, ENTRANCE);
    // THEN his visit waits at SCANNED for the host
    String visit = awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED"));
    // WHEN Alice admits him over HTTP
    LED_FACTS.clear();
    JsonObject admitted = new JsonObject(send(HttpRequest.newBuilder(URI.create(api + "/api/visits/" + visit
        + "/admit")).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        new JsonObject().put("guestName", "David").put("eventId", event).put("by", "Alice").encode())), 200));
    // THEN he is authenticated by the host and guided; at the door (no tag) his journey ends GUIDED, since the
    // meeting was already presented to Bob
    String david = admitted.getJsonArray("journeys").getJsonObject(0).getString("id");
    awaitStatuses(visit, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
    awaitStatuses(david, List.of("AUTHENTICATED"));
    eventually("the corridor lit for David", () -> lit(CORRIDOR.get(2), 1), WAIT);
    simulateMotion(vertx, ROOM);
    eventually("David's arrival is taken", () -> ControllerHarness.request(vertx, Addresses.VISITS,
        new JsonObject()).getJsonArray("visits").isEmpty(), WAIT);
    assertEquals(List.of("AUTHENTICATED", "GUIDED"), statuses(david));
    Row first = TestDatabase.query(dbUrl, "SELECT reason, data FROM status_log WHERE subject_id = '" + david
        + "' AND seq = 1").iterator().next();
    assertEquals("admitted by host", first.getString("reason"));
    assertEquals("David", new JsonObject(first.getString("data")).getString("guestName"));
  }

  @Test
  @Order(3)
  void anUnknownTagAloneEndsNotAuthenticatedAtTheAdmissionExpiry(Vertx vertx) throws Exception {
    // GIVEN only a tag nobody registered in range of the entrance
    Thread.sleep(1000);
    simulateTag(vertx, ENTRANCE, STRANGER_TAG);
    // WHEN the PIR fires and nobody admits anyone
    simulateMotion(vertx, ENTRANCE);
    // THEN the visit ends NOT AUTHENTICATED once admit.expiry-ms (1 s) has passed, with no journey
    String visit = awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
    assertEquals(List.of(), column("SELECT subject_id FROM status_log WHERE visit_id = '" + visit
        + "' AND kind <> 'VISIT'"));
  }

  @Test
  @Order(4)
  void aDoorWithoutAScannerEndsNotScanned(Vertx vertx) throws Exception {
    // GIVEN the side door has a PIR and no BLE scanner role
    long start = System.currentTimeMillis();
    // WHEN someone walks past it
    simulateMotion(vertx, SIDE_DOOR);
    // THEN the visit is NOT SCANNED within the scan timeout (window 300 ms + margin 400 ms), naming the location
    String visit = awaitVisit(SIDE_DOOR, List.of("INIT", "DETECTED", "NOT SCANNED"));
    Row last = TestDatabase.query(dbUrl, "SELECT reason, at FROM status_log WHERE subject_id = '" + visit
        + "' AND seq = 3").iterator().next();
    assertTrue(last.getString("reason").contains(SIDE_DOOR), last.getString("reason"));
    long took = System.currentTimeMillis() - start;
    assertTrue(took < 3000, "NOT SCANNED stored after " + took + " ms");
  }

  // ---- the world

  private static void deploy(Vertx vertx, Role role, JsonObject base, Map<String, String> instance) {
    JsonObject config = base.copy();
    new LinkedHashMap<>(instance).forEach(config::put);
    ControllerHarness.await(vertx.deployVerticle(role.verticleClass(), new DeploymentOptions().setConfig(config)));
  }

  private static void simulateTag(Vertx vertx, String location, String tag) {
    ControllerHarness.await(Bus.request(vertx.eventBus(), Addresses.simulateTag(location),
        new JsonObject().put("tag", tag).put("seconds", 1)));
  }

  private static void simulateMotion(Vertx vertx, String location) {
    ControllerHarness.await(Bus.request(vertx.eventBus(), Addresses.simulateMotion(location), new JsonObject()));
  }

  // ---- what is stored

  /** The newest visit opened at {@code location}, once its statuses are exactly {@code expected}. */
  private static String awaitVisit(String location, List<String> expected) {
    String[] id = new String[1];
    eventually("a visit at " + location + " stored " + expected, () -> {
      List<String> ids = column("SELECT subject_id FROM status_log WHERE kind = 'VISIT' AND seq = 1"
          + " AND data LIKE '%\"location\":\"" + location + "\"%' ORDER BY id DESC LIMIT 1");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null && statuses(id[0]).equals(expected);
    }, WAIT);
    return id[0];
  }

  /** Whether the LED node changed its pattern while guiding at least {@code journeys} journeys. */
  private static boolean lit(String node, int journeys) {
    return LED_FACTS.stream().anyMatch(f -> f.getString("node").equals(node) && f.getInteger("journeys") >= journeys);
  }

  private static void awaitStatuses(String subject, List<String> expected) {
    eventually(subject + " stored " + expected + " (has " + statuses(subject) + ")",
        () -> statuses(subject).equals(expected), WAIT);
  }

  private static List<String> statuses(String subject) {
    return column("SELECT status FROM status_log WHERE subject_id = '" + subject + "' ORDER BY seq");
  }

  private static String journeyOf(String visit, long personId) {
    String[] id = new String[1];
    eventually("a journey of person " + personId + " in " + visit, () -> {
      List<String> ids = column("SELECT subject_id FROM status_log WHERE kind = 'JOURNEY' AND visit_id = '" + visit
          + "' AND seq = 1 AND data REGEXP '\"personId\":" + personId + "[,}]'");
      id[0] = ids.isEmpty() ? null : ids.get(0);
      return id[0] != null;
    }, WAIT);
    return id[0];
  }

  private static List<String> column(String sql) {
    List<String> values = new ArrayList<>();
    TestDatabase.query(dbUrl, sql).forEach(row -> values.add(row.getString(0)));
    return values;
  }

  // ---- the API, as Alice uses it

  private static long create(String path, JsonObject body) throws Exception {
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(api + path)).header("content-type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201)).getLong("id");
  }

  private static String send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> response = HTTP.send(request.header("authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), response.request().method() + " " + response.request().uri()
        + " answered " + response.body());
    return response.body();
  }

  private static String str(int port) {
    return String.valueOf(port);
  }

  private static String udp() {
    return str(Ports.freeUdp());
  }
}
