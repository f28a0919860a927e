package io.nanoedge.api;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.VisitSummary;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API against a real MariaDB: CRUD of every resource, lists, calendars, documents and every error. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ApiHttpTest {
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String uri, Object body) {
    return api.admin(method, uri, body);
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String error, String messagePart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getString("message")).contains(messagePart);
  }

  @Test
  void personIsCreatedReadUpdatedListedAndDeleted() {
    // WHEN a person is created
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/persons",
        new JsonObject().put("name", "Alice").put("email", "alice@example.org"));
    // THEN 201 with a Location that reads it back
    assertThat(created.statusCode()).isEqualTo(201);
    long id = created.bodyAsJsonObject().getLong("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/persons/" + id);
    assertThat(admin(HttpMethod.GET, "/api/persons/" + id, null).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("id", id).put("name", "Alice").put("email", "alice@example.org"));
    // WHEN it is replaced THEN the row holds the new values
    HttpResponse<Buffer> updated = admin(HttpMethod.PUT, "/api/persons/" + id, new JsonObject().put("name", "Alice B"));
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(TestDatabase.query(api.dbUrl, "SELECT name, email FROM persons WHERE id = " + id).iterator().next()
        .getString("name")).isEqualTo("Alice B");
    // AND the list contains it
    JsonArray items = admin(HttpMethod.GET, "/api/persons?limit=500", null).bodyAsJsonObject().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(id);
    // WHEN it is deleted THEN 204 and it is gone
    assertThat(admin(HttpMethod.DELETE, "/api/persons/" + id, null).statusCode()).isEqualTo(204);
    assertError(admin(HttpMethod.GET, "/api/persons/" + id, null), 404, "not_found", "no person " + id);
    assertError(admin(HttpMethod.DELETE, "/api/persons/" + id, null), 404, "not_found", "no person");
  }

  @Test
  void roomKeepsEntrancesLedPathAndDisplay() {
    // GIVEN a room reached from two entrances
    JsonObject body = new JsonObject().put("name", "Room R").put("location", "room-r-door").put("capacity", 6)
        .put("entrances", new JsonArray().add("entrance").add("lobby"))
        .put("ledPath", new JsonArray().add("corridor-1").add("corridor-2")).put("displayNode", "room-r");
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/rooms", body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long id = created.bodyAsJsonObject().getLong("id");
    // THEN it reads back as stored
    JsonObject read = admin(HttpMethod.GET, "/api/rooms/" + id, null).bodyAsJsonObject();
    assertThat(read).isEqualTo(body.copy().put("id", id));
    // WHEN it is updated to one entrance and a longer path
    JsonObject changed = body.copy().put("entrances", new JsonArray().add("lobby"))
        .put("ledPath", new JsonArray().add("c-3").add("c-2").add("c-1")).put("capacity", 10);
    assertThat(admin(HttpMethod.PUT, "/api/rooms/" + id, changed).statusCode()).isEqualTo(200);
    // THEN the path order is kept and the entrances replaced
    assertThat(admin(HttpMethod.GET, "/api/rooms/" + id, null).bodyAsJsonObject()).isEqualTo(changed.copy().put("id",
        id));
    assertThat(TestDatabase.count(api.dbUrl, "room_entrances")).isGreaterThanOrEqualTo(1);
    // AND a second room at the same door location is a conflict that stores nothing
    long rooms = api.count("rooms");
    assertError(admin(HttpMethod.POST, "/api/rooms", body.copy().put("name", "Other")), 409, "conflict",
        "location already exists");
    assertThat(api.count("rooms")).isEqualTo(rooms);
    assertThat(admin(HttpMethod.DELETE, "/api/rooms/" + id, null).statusCode()).isEqualTo(204);
  }

  @Test
  void tagStoresOnlyTheKeyedHashAndRejectsADuplicate() {
    // GIVEN a person
    long personId = api.person("Bob").getLong("id");
    // WHEN the admin registers a tag by its MAC
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/tags", new JsonObject().put("tagId",
        "AA:BB:CC:00:11:22")
        .put("personId", personId).put("label", "badge"));
    // THEN only the HMAC of the normalised id is stored
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String expected = new TagHash(ApiFixture.TAG_KEY).hash("aa:bb:cc:00:11:22");
    long id = created.bodyAsJsonObject().getLong("id");
    assertThat(TestDatabase.query(api.dbUrl, "SELECT hash FROM tags WHERE id = " + id).iterator().next()
        .getString("hash")).isEqualTo(expected);
    assertThat(TestDatabase.query(api.dbUrl,
        "SELECT COUNT(*) FROM tags WHERE hash LIKE '%aa:bb%' OR label LIKE '%AA:BB%'")
        .iterator().next().getLong(0)).isZero();
    // AND the same tag written differently is a 409 that stores nothing
    long tags = api.count("tags");
    assertError(admin(HttpMethod.POST, "/api/tags", new JsonObject().put("tagId", "aa-bb-cc-00-11-22")
        .put("personId", personId)), 409, "conflict", "already registered");
    assertThat(api.count("tags")).isEqualTo(tags);
    // AND the tags of the person are listed by filter
    JsonObject page = admin(HttpMethod.GET, "/api/tags?personId=" + personId, null).bodyAsJsonObject();
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("hash")).isEqualTo(expected);
    // AND an update can deactivate it
    JsonObject updated = admin(HttpMethod.PUT, "/api/tags/" + id, new JsonObject().put("personId", personId)
        .put("active", false)).bodyAsJsonObject();
    assertThat(updated.getBoolean("active")).isFalse();
    assertThat(updated.getString("hash")).isEqualTo(expected);
    assertThat(admin(HttpMethod.DELETE, "/api/tags/" + id, null).statusCode()).isEqualTo(204);
  }

  @Test
  void eventWithHostAndParticipantsIsStoredAndParticipantsReplaced() {
    // GIVEN a room and three persons
    long room = api.room("Room E", "room-e-door", "entrance").getLong("id");
    long alice = api.person("Alice").getLong("id");
    long bob = api.person("Bob").getLong("id");
    long carl = api.person("Carl").getLong("id");
    // WHEN an event is created with a host and two participants
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/api/events", new JsonObject().put("title", "Review")
        .put("roomId", room).put("start", "2030-01-01T09:00:00Z").put("end", "2030-01-01T10:00:00Z")
        .put("hostId", alice).put("participantIds", new JsonArray().add(carl).add(bob)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject event = created.bodyAsJsonObject();
    long id = event.getLong("id");
    // THEN it reads back with its participants
    assertThat(event.getJsonArray("participantIds")).isEqualTo(new JsonArray().add(bob).add(carl));
    assertThat(event.getString("state")).isEqualTo("scheduled");
    JsonObject participants = admin(HttpMethod.GET, "/api/events/" + id + "/participants", null).bodyAsJsonObject();
    assertThat(participants.getJsonArray("participants").size()).isEqualTo(2);
    // WHEN the participants are replaced
    HttpResponse<Buffer> put = admin(HttpMethod.PUT, "/api/events/" + id + "/participants",
        new JsonObject().put("personIds", new JsonArray().add(carl)));
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(TestDatabase.query(api.dbUrl, "SELECT person_id FROM event_participants WHERE event_id = " + id)
        .iterator().next().getLong(0)).isEqualTo(carl);
    // AND an unknown participant is a 400 that changes nothing
    assertError(admin(HttpMethod.PUT, "/api/events/" + id + "/participants",
        new JsonObject().put("personIds", new JsonArray().add(999999))), 400, "bad_request", "no person 999999");
    assertThat(admin(HttpMethod.GET, "/api/events/" + id, null).bodyAsJsonObject().getJsonArray("participantIds"))
        .isEqualTo(new JsonArray().add(carl));
    // WHEN the title changes by PUT THEN participants stay
    JsonObject changed = admin(HttpMethod.PUT, "/api/events/" + id, new JsonObject().put("title", "Review 2")
        .put("roomId", room).put("start", "2030-01-01T09:00:00Z").put("end", "2030-01-01T10:30:00Z"))
            .bodyAsJsonObject();
    assertThat(changed.getString("title")).isEqualTo("Review 2");
    assertThat(changed.getString("end")).isEqualTo("2030-01-01T10:30:00Z");
    assertThat(changed.getJsonArray("participantIds")).isEqualTo(new JsonArray().add(carl));
    // AND deleting the event removes its participants
    assertThat(admin(HttpMethod.DELETE, "/api/events/" + id, null).statusCode()).isEqualTo(204);
    assertThat(TestDatabase.query(api.dbUrl, "SELECT COUNT(*) FROM event_participants WHERE event_id = " + id)
        .iterator().next().getLong(0)).isZero();
  }

  @Test
  void overlappingEventsInOneRoomAreAConflict() {
    // GIVEN an event 10:00-11:00 in a room
    long room = api.room("Room C", "room-c-door", "entrance").getLong("id");
    long first = api.event(room, "First", "2030-02-01T10:00:00Z", "2030-02-01T11:00:00Z").getLong("id");
    long events = api.count("events");
    // WHEN another event overlaps it THEN 409 naming the clash, and nothing is stored
    assertError(admin(HttpMethod.POST, "/api/events", new JsonObject().put("title", "Clash").put("roomId", room)
        .put("start", "2030-02-01T10:30:00Z").put("end", "2030-02-01T11:30:00Z")), 409, "conflict",
        "by event " + first);
    assertThat(api.count("events")).isEqualTo(events);
    // AND back-to-back is fine
    long second = api.event(room, "Next", "2030-02-01T11:00:00Z", "2030-02-01T12:00:00Z").getLong("id");
    // AND moving the second onto the first by PUT is a 409 that leaves it where it was
    assertError(admin(HttpMethod.PUT, "/api/events/" + second, new JsonObject().put("title", "Next").put("roomId", room)
        .put("start", "2030-02-01T10:59:00Z").put("end", "2030-02-01T12:00:00Z")), 409, "conflict", "already booked");
    assertThat(admin(HttpMethod.GET, "/api/events/" + second, null).bodyAsJsonObject().getString("start"))
        .isEqualTo("2030-02-01T11:00:00Z");
    // AND a cancelled event frees its slot
    admin(HttpMethod.PUT, "/api/events/" + first, new JsonObject().put("title", "First").put("roomId", room)
        .put("start", "2030-02-01T10:00:00Z").put("end", "2030-02-01T11:00:00Z").put("state", "cancelled"));
    api.event(room, "Instead", "2030-02-01T10:00:00Z", "2030-02-01T11:00:00Z");
  }

  @Test
  void eventListPaginatesWithTotalAndNextLinks() {
    // GIVEN 7 events in one room
    long room = api.room("Room P", "room-p-door", "entrance").getLong("id");
    for (int i = 0; i < 7; i++) {
      api.event(room, "E" + i, "2030-03-0" + (i + 1) + "T09:00:00Z", "2030-03-0" + (i + 1) + "T10:00:00Z");
    }
    // WHEN they are listed 3 at a time, following next
    Set<Long> seen = new HashSet<>();
    String uri = "/api/events?roomId=" + room + "&limit=3";
    int pages = 0;
    while (uri != null) {
      JsonObject page = admin(HttpMethod.GET, uri, null).bodyAsJsonObject();
      assertThat(page.getLong("total")).isEqualTo(7);
      page.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getLong("id")));
      uri = page.getString("next");
      pages++;
    }
    // THEN three pages hold all seven, each once
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7);
    // AND the time filter selects the events overlapping the range
    JsonObject filtered = admin(HttpMethod.GET, "/api/events?roomId=" + room
        + "&from=2030-03-02T09:30:00Z&to=2030-03-04T09:00:00Z", null).bodyAsJsonObject();
    assertThat(filtered.getLong("total")).isEqualTo(2);
    assertThat(filtered.getValue("next")).isNull();
  }

  @Test
  void availabilityShowsBusyAndFreeSlots() {
    // GIVEN two events in a room on one day
    long room = api.room("Room A", "room-a-door", "entrance").getLong("id");
    long e1 = api.event(room, "Morning", "2030-04-01T09:00:00Z", "2030-04-01T10:00:00Z").getLong("id");
    api.event(room, "Noon", "2030-04-01T12:00:00Z", "2030-04-01T13:00:00Z");
    // WHEN the day 08:00-18:00 is asked for
    JsonObject cal = admin(HttpMethod.GET, "/api/rooms/" + room
        + "/availability?from=2030-04-01T08:00:00Z&to=2030-04-01T18:00:00Z", null).bodyAsJsonObject();
    // THEN two busy slots and three free ones
    assertThat(cal.getJsonArray("busy").size()).isEqualTo(2);
    assertThat(cal.getJsonArray("busy").getJsonObject(0).getLong("eventId")).isEqualTo(e1);
    assertThat(cal.getJsonArray("free")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("start", "2030-04-01T08:00:00Z").put("end", "2030-04-01T09:00:00Z"))
        .add(new JsonObject().put("start", "2030-04-01T10:00:00Z").put("end", "2030-04-01T12:00:00Z"))
        .add(new JsonObject().put("start", "2030-04-01T13:00:00Z").put("end", "2030-04-01T18:00:00Z")));
    // AND a missing bound is a named 400
    assertError(admin(HttpMethod.GET, "/api/rooms/" + room + "/availability?from=2030-04-01T08:00:00Z", null),
        400, "bad_request", "'to'");
  }

  @Test
  void documentIsUploadedListedAndDownloadedAsBytes() {
    // GIVEN an event
    long room = api.room("Room D", "room-d-door", "entrance").getLong("id");
    long event = api.event(room, "Docs", "2030-05-01T09:00:00Z", "2030-05-01T10:00:00Z").getLong("id");
    byte[] pdf = new byte[50_000];
    new java.util.Random(7).nextBytes(pdf);
    // WHEN a PDF is uploaded
    HttpResponse<Buffer> created = api.web.post("/api/events/" + event + "/documents?name=agenda.pdf")
        .bearerTokenAuthentication(ApiFixture.TOKEN).putHeader("Content-Type", "application/pdf")
        .sendBuffer(Buffer.buffer(pdf)).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String location = created.getHeader("Location");
    // THEN it is listed with its size and downloads byte for byte with its media type
    JsonObject doc = admin(HttpMethod.GET, "/api/events/" + event + "/documents", null).bodyAsJsonObject()
        .getJsonArray("documents").getJsonObject(0);
    assertThat(doc.getString("name")).isEqualTo("agenda.pdf");
    assertThat(doc.getInteger("size")).isEqualTo(pdf.length);
    HttpResponse<Buffer> download = admin(HttpMethod.GET, location, null);
    assertThat(download.getHeader("Content-Type")).isEqualTo("application/pdf");
    assertThat(download.body().getBytes()).isEqualTo(pdf);
    // AND it can be deleted
    assertThat(admin(HttpMethod.DELETE, location, null).statusCode()).isEqualTo(204);
    assertError(admin(HttpMethod.GET, location, null), 404, "not_found", "no document");
  }

  @Test
  void documentOverTheLimitIs413AndNotStored() {
    // GIVEN an event and the 4 MiB default limit
    long room = api.room("Room L", "room-l-door", "entrance").getLong("id");
    long event = api.event(room, "Big", "2030-05-02T09:00:00Z", "2030-05-02T10:00:00Z").getLong("id");
    long docs = api.count("event_documents");
    // WHEN 5 MiB are uploaded THEN 413 JSON and nothing stored
    HttpResponse<Buffer> response = api.web.post("/api/events/" + event + "/documents?name=big.bin")
        .bearerTokenAuthentication(ApiFixture.TOKEN).putHeader("Content-Type", "application/octet-stream")
        .sendBuffer(Buffer.buffer(new byte[5 * 1024 * 1024])).await();
    assertError(response, 413, "too_large", "at most");
    assertThat(api.count("event_documents")).isEqualTo(docs);
  }

  @Test
  void documentWithoutMediaTypeIs415() {
    long room = api.room("Room M", "room-m-door", "entrance").getLong("id");
    long event = api.event(room, "NoType", "2030-05-03T09:00:00Z", "2030-05-03T10:00:00Z").getLong("id");
    long docs = api.count("event_documents");
    HttpResponse<Buffer> response = api.web.post("/api/events/" + event + "/documents?name=x")
        .bearerTokenAuthentication(ApiFixture.TOKEN).sendBuffer(Buffer.buffer("hello")).await();
    assertError(response, 415, "unsupported_media_type", "media type");
    assertThat(api.count("event_documents")).isEqualTo(docs);
  }

  @Test
  void mutationWithoutTokenIs401AndStoresNothing() {
    long persons = api.count("persons");
    HttpResponse<Buffer> response = api.send(HttpMethod.POST, "/api/persons", new JsonObject().put("name", "Eve"),
        null);
    assertError(response, 401, "unauthorized", "admin token");
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void wrongTokenIs401ForReadsToo() {
    assertError(api.send(HttpMethod.GET, "/api/rooms", null, "not-the-token"), 401, "unauthorized", "admin token");
  }

  @Test
  void malformedJsonIs400AndStoresNothing() {
    long persons = api.count("persons");
    assertError(admin(HttpMethod.POST, "/api/persons", "{\"name\": "), 400, "bad_request", "malformed JSON");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void unknownFieldIs400NamingIt() {
    long persons = api.count("persons");
    assertError(admin(HttpMethod.POST, "/api/persons", new JsonObject().put("name", "X").put("nick", "x")), 400,
        "bad_request", "unknown field 'nick'");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void wrongTypeAndMissingFieldAre400NamingThem() {
    long rooms = api.count("rooms");
    assertError(admin(HttpMethod.POST, "/api/rooms", new JsonObject().put("name", "R").put("location", "r-door")
        .put("capacity", "ten")), 400, "bad_request", "'capacity'");
    assertError(admin(HttpMethod.POST, "/api/rooms", new JsonObject().put("location", "r-door").put("capacity", 3)),
        400, "bad_request", "'name'");
    assertThat(api.count("rooms")).isEqualTo(rooms);
  }

  @Test
  void nonJsonContentTypeIs415() {
    long persons = api.count("persons");
    HttpResponse<Buffer> response = api.web.post("/api/persons").bearerTokenAuthentication(ApiFixture.TOKEN)
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"name\":\"T\"}")).await();
    assertError(response, 415, "unsupported_media_type", "application/json");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void jsonBodyOverTheLimitIs413() {
    long persons = api.count("persons");
    String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    assertError(admin(HttpMethod.POST, "/api/persons", big), 413, "too_large", "at most 65536");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void unknownPathAndBadIdAreJsonErrors() {
    assertError(admin(HttpMethod.GET, "/api/nothing", null), 404, "not_found", "/api/nothing");
    assertError(admin(HttpMethod.GET, "/api/persons/abc", null), 400, "bad_request", "positive integer");
    assertError(admin(HttpMethod.GET, "/api/persons?page=2", null), 400, "bad_request",
        "unknown query parameter 'page'");
  }

  @Test
  void wrongMethodIs405Json() {
    HttpResponse<Buffer> response = admin(HttpMethod.PATCH, "/api/persons", new JsonObject());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
  }

  @Test
  void deletingARoomWithEventsIs409() {
    long room = api.room("Room K", "room-k-door", "entrance").getLong("id");
    api.event(room, "Keep", "2030-06-01T09:00:00Z", "2030-06-01T10:00:00Z");
    assertError(admin(HttpMethod.DELETE, "/api/rooms/" + room, null), 409, "conflict", "still in use");
    assertThat(admin(HttpMethod.GET, "/api/rooms/" + room, null).statusCode()).isEqualTo(200);
  }

  @Test
  void admitIsForwardedToTheControllerAndItsAnswerReturned() {
    // GIVEN a stand-in controller answering admits
    VisitSummary.JourneySummary journey = new VisitSummary.JourneySummary("v-42-g1", "AUTHENTICATED", "GUIDING", 0,
        "David", 7, "room-r", List.of("corridor-1"), "David");
    MessageConsumer<JsonObject> controller = api.vertx.eventBus().consumer(Addresses.ADMIT.address(),
        m -> m.reply(new VisitSummary(m.body().getString("visitId"), "entrance", "AUTHENTICATED", "AUTHENTICATED",
            "2026-11-28T09:00:00Z", List.of(journey)).toJson()));
    controller.completion().await();
    try {
      // WHEN the host admits a guest
      HttpResponse<Buffer> response = admin(HttpMethod.POST, "/api/visits/v-42/admit",
          new JsonObject().put("guestName", "David").put("eventId", 7));
      // THEN the controller's answer comes back
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      assertThat(VisitSummary.fromJson(response.bodyAsJsonObject())).isEqualTo(new VisitSummary("v-42", "entrance",
          "AUTHENTICATED", "AUTHENTICATED", "2026-11-28T09:00:00Z", List.of(journey)));
    } finally {
      controller.unregister().await();
    }
  }

  @Test
  void admitFailureCodesOfTheControllerAreKept() {
    MessageConsumer<JsonObject> controller = api.vertx.eventBus().consumer(Addresses.ADMIT.address(),
        m -> m.fail(409, "visit v-1 is already closed"));
    controller.completion().await();
    try {
      assertError(admin(HttpMethod.POST, "/api/visits/v-1/admit", new JsonObject().put("personId", 3).put("eventId",
          7)),
          409, "conflict", "already closed");
    } finally {
      controller.unregister().await();
    }
  }

  @Test
  void admitWithoutAControllerIs503() {
    assertError(admin(HttpMethod.POST, "/api/visits/v-9/admit", new JsonObject().put("guestName", "D").put("eventId",
        1)),
        503, "unavailable", "no service");
  }

  @Test
  void admitNeedsExactlyOneOfPersonAndGuest() {
    assertError(admin(HttpMethod.POST, "/api/visits/v-9/admit", new JsonObject().put("eventId", 1)), 400,
        "bad_request", "exactly one of");
  }

  @Test
  void openApiDescriptionIsServed() {
    HttpResponse<Buffer> response = api.send(HttpMethod.GET, "/api/openapi.yaml", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).startsWith("openapi: 3");
  }

}
