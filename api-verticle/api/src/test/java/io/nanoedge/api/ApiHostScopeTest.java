package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.api.front.ApiResponse;
import io.nanoedge.api.front.Caller;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A host acts only on the events they host, and on those events' participants, documents, visits and admissions:
 * Alice, signed in as a host, against Bob's meeting, on the real database. Another host's event answers exactly like
 * a missing one (404), changes nothing, and the administration stays forbidden (403).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ApiHostScopeTest {
  private static ApiFixture api;
  private static OperationsHarness ops;
  private static long alice;
  private static long bob;
  private static long carl;
  private static long room;
  private static long aliceEvent;
  private static long bobEvent;
  private static long bobDocument;
  private static Caller asAlice;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    ops = new OperationsHarness(vertx, api.dbUrl);
    alice = api.person("Alice").getLong("id");
    bob = api.person("Bob").getLong("id");
    carl = api.person("Carl").getLong("id");
    asAlice = new Caller.Host(alice);
    room = api.room("Room R", "room-r", "entrance").getLong("id");
    aliceEvent = api.create("events", new JsonObject().put("title", "Alice's review").put("roomId", room)
        .put("start", "2030-01-10T09:00:00Z").put("end", "2030-01-10T10:00:00Z").put("hostId", alice)
        .put("participantIds", new JsonArray().add(carl))).getLong("id");
    bobEvent = api.create("events", new JsonObject().put("title", "Bob's secret").put("roomId", room)
        .put("start", "2030-01-10T11:00:00Z").put("end", "2030-01-10T12:00:00Z").put("hostId", bob)
        .put("participantIds", new JsonArray().add(carl))).getLong("id");
    bobDocument = api.web.post("/api/events/" + bobEvent + "/documents?name=plan.txt")
        .bearerTokenAuthentication(ApiFixture.TOKEN).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("Bob's plan")).await().bodyAsJsonObject().getLong("id");
    // Visits: one with a journey to Alice's event, one to Bob's, one still waiting at the entrance, one over.
    append(vertx, visit("v-alice", 1, Status.DETECTED));
    append(vertx, journey("v-alice", alice, aliceEvent));
    append(vertx, visit("v-bob", 1, Status.DETECTED));
    append(vertx, journey("v-bob", carl, bobEvent));
    append(vertx, visit("v-waiting", 1, Status.DETECTED));
    append(vertx, visit("v-waiting", 2, Status.SCANNED));
    append(vertx, visit("v-over", 1, Status.NOT_AUTHENTICATED));
  }

  @AfterAll
  static void stop() {
    ops.close();
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static StatusRecord visit(String id, int seq, Status status) {
    return new StatusRecord(StatusRecord.Kind.VISIT, id, id, seq, status, Instant.now(), null,
        new JsonObject().put("location", "entrance"));
  }

  private static StatusRecord journey(String visitId, long personId, long eventId) {
    return new StatusRecord(StatusRecord.Kind.JOURNEY, visitId + "-" + personId, visitId, 1, Status.AUTHENTICATED,
        Instant.now(), null, new JsonObject().put("personId", personId).put("eventId", eventId).put("roomId", room));
  }

  private static void append(Vertx vertx, StatusRecord record) {
    Bus.request(vertx.eventBus(), Addresses.STATUS_APPEND, record, Duration.ofSeconds(5)).await();
  }

  private static ApiResponse alice(String method, String uri, Object body) {
    return ops.call(asAlice, method, uri, body);
  }

  private static void notFound(ApiResponse response, String what) {
    assertThat(response.status()).as(response.json() == null ? "" : response.json().encode()).isEqualTo(404);
    assertThat(response.json().getString("message")).isEqualTo(what);
  }

  private static String row(String sql) {
    return TestDatabase.query(api.dbUrl, sql).iterator().next().toJson().encode();
  }

  @Test
  void aHostListsAndReadsOnlyTheEventsTheyHost() {
    JsonArray items = alice("GET", "/api/events", null).json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getLong("id"))).containsExactly(aliceEvent);
    assertThat(alice("GET", "/api/events/" + aliceEvent, null).json().getString("title")).isEqualTo("Alice's review");
    notFound(alice("GET", "/api/events/" + bobEvent, null), "no event " + bobEvent);
    notFound(alice("GET", "/api/events/" + (bobEvent + 1000), null), "no event " + (bobEvent + 1000));
  }

  @Test
  void aHostCannotChangeOrDeleteAnotherHostsEvent() {
    String before = row("SELECT * FROM events WHERE id = " + bobEvent);
    JsonObject takeOver = new JsonObject().put("title", "Mine now").put("roomId", room)
        .put("start", "2030-01-10T11:00:00Z").put("end", "2030-01-10T12:00:00Z");
    notFound(alice("PUT", "/api/events/" + bobEvent, takeOver), "no event " + bobEvent);
    notFound(alice("DELETE", "/api/events/" + bobEvent, null), "no event " + bobEvent);
    assertThat(row("SELECT * FROM events WHERE id = " + bobEvent)).isEqualTo(before);
  }

  @Test
  void aHostBooksOnlyForThemselvesAndCannotHandTheirEventToSomeoneElse() {
    long events = api.count("events");
    JsonObject booking = new JsonObject().put("title", "Alice's planning").put("roomId", room)
        .put("start", "2030-01-11T09:00:00Z").put("end", "2030-01-11T10:00:00Z");
    // WHEN Alice books in Bob's name THEN 403 naming the field, nothing stored
    ApiResponse inBobsName = alice("POST", "/api/events", booking.copy().put("hostId", bob));
    assertThat(inBobsName.status()).isEqualTo(403);
    assertThat(inBobsName.json().getString("message")).contains("field 'hostId'");
    assertThat(api.count("events")).isEqualTo(events);
    // WHEN she books without naming a host THEN the event is hers
    ApiResponse booked = alice("POST", "/api/events", booking);
    assertThat(booked.status()).isEqualTo(201);
    assertThat(booked.json().getLong("hostId")).isEqualTo(alice);
    // AND she cannot give it to Bob afterwards
    long id = booked.json().getLong("id");
    assertThat(alice("PUT", "/api/events/" + id, booking.copy().put("hostId", bob)).status()).isEqualTo(403);
    assertThat(alice("GET", "/api/events/" + id, null).json().getLong("hostId")).isEqualTo(alice);
    assertThat(alice("DELETE", "/api/events/" + id, null).status()).isEqualTo(204);
  }

  @Test
  void participantsAndDocumentsOfAnotherHostsEventAreNotThere() {
    String participants = row("SELECT COUNT(*) AS n, SUM(person_id) AS s FROM event_participants");
    String documents = row("SELECT COUNT(*) AS n, SUM(size) AS s FROM event_documents");
    notFound(alice("GET", "/api/events/" + bobEvent + "/participants", null), "no event " + bobEvent);
    notFound(alice("PUT", "/api/events/" + bobEvent + "/participants",
        new JsonObject().put("personIds", new JsonArray().add(alice))), "no event " + bobEvent);
    notFound(alice("GET", "/api/events/" + bobEvent + "/documents", null), "no event " + bobEvent);
    notFound(alice("GET", "/api/events/" + bobEvent + "/documents/" + bobDocument, null), "no event " + bobEvent);
    notFound(alice("DELETE", "/api/events/" + bobEvent + "/documents/" + bobDocument, null), "no event " + bobEvent);
    notFound(alice("POST", "/api/events/" + bobEvent + "/documents?name=x.txt", Buffer.buffer("x")),
        "no event " + bobEvent);
    assertThat(row("SELECT COUNT(*) AS n, SUM(person_id) AS s FROM event_participants")).isEqualTo(participants);
    assertThat(row("SELECT COUNT(*) AS n, SUM(size) AS s FROM event_documents")).isEqualTo(documents);
    // while her own event's are hers to read
    assertThat(alice("GET", "/api/events/" + aliceEvent + "/participants", null).json().getJsonArray("participants"))
        .hasSize(1);
    assertThat(alice("GET", "/api/events/" + aliceEvent + "/documents", null).status()).isEqualTo(200);
  }

  @Test
  void aHostSeesTheVisitsToTheirEventsAndThoseWaitingToBeAdmittedOnly() {
    JsonArray items = alice("GET", "/api/visits", null).json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactlyInAnyOrder("v-alice",
        "v-waiting");
    JsonObject mine = alice("GET", "/api/visits/v-alice", null).json();
    assertThat(mine.getJsonArray("journeys")).hasSize(1);
    notFound(alice("GET", "/api/visits/v-bob", null), "no visit v-bob");
    notFound(alice("GET", "/api/visits/v-over", null), "no visit v-over");
  }

  @Test
  void aHostAdmitsOnlyToTheirOwnEventAndIsNamedAsTheOneWhoDid() {
    ops.admitted.clear();
    notFound(alice("POST", "/api/visits/v-waiting/admit", new JsonObject().put("guestName", "David")
        .put("eventId", bobEvent)), "no event " + bobEvent);
    assertThat(ops.admitted).isEmpty();
    ApiResponse admitted = alice("POST", "/api/visits/v-waiting/admit", new JsonObject().put("guestName", "David")
        .put("eventId", aliceEvent).put("by", "the admin"));
    assertThat(admitted.status()).isEqualTo(200);
    assertThat(ops.admitted).hasSize(1);
    assertThat(ops.admitted.get(0).by()).isEqualTo("host " + alice);
  }

  @Test
  void aHostSeesWhenARoomIsTakenButNotByWhichOtherMeeting() {
    JsonArray busy = alice("GET", "/api/rooms/" + room + "/availability?from=2030-01-10T00:00:00Z"
        + "&to=2030-01-11T00:00:00Z", null).json().getJsonArray("busy");
    assertThat(busy).hasSize(2);
    assertThat(busy.getJsonObject(0).getString("title")).isEqualTo("Alice's review");
    assertThat(busy.getJsonObject(1).fieldNames()).containsExactlyInAnyOrder("start", "end");
  }

  @Test
  void aHostMayReadTheDirectoryButNotChangeItNorSeeTags() {
    assertThat(alice("GET", "/api/persons", null).status()).isEqualTo(200);
    assertThat(alice("GET", "/api/rooms", null).status()).isEqualTo(200);
    long persons = api.count("persons");
    ApiResponse created = alice("POST", "/api/persons", new JsonObject().put("name", "Mallory"));
    assertThat(created.status()).isEqualTo(403);
    assertThat(created.json().getString("error")).isEqualTo("forbidden");
    assertThat(api.count("persons")).isEqualTo(persons);
    assertThat(alice("GET", "/api/tags", null).status()).isEqualTo(403);
    assertThat(alice("POST", "/api/admin/nodes/n1/services", new JsonObject().put("action", "undeploy")
        .put("role", "api")).status()).isEqualTo(403);
    // and the admin sees both events as before
    assertThat(ops.call(new Caller.Admin("test"), "GET", "/api/events", null).json().getLong("total"))
        .isGreaterThanOrEqualTo(2L);
    assertThat(api.admin(HttpMethod.GET, "/api/events/" + bobEvent, null).statusCode()).isEqualTo(200);
  }
}
