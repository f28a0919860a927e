package io.nanoedge.api;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.AuthenticateRequest;
import io.nanoedge.bus.AuthenticateResult;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Participant;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.bus.TagHash;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event-bus services the workflow uses: authenticate, status append (idempotent, published), documents. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ApiBusTest {
  private static final TagHash HASH = new TagHash(ApiFixture.TAG_KEY);
  private static final Instant START = Instant.parse("2030-07-01T10:00:00Z");
  private static final String ROOM_LOCATION = "room-r-door";
  private static ApiFixture api;
  private static long bob;
  private static long alice;
  private static long event;
  private static long room;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    // GIVEN room R reached from "entrance", a meeting 10:00-11:00 hosted by Alice with Bob, and their tags
    room = api.room("Room R", ROOM_LOCATION, "entrance").getLong("id");
    alice = api.person("Alice").getLong("id");
    bob = api.person("Bob").getLong("id");
    event = api.create("events", new JsonObject().put("title", "Planning").put("roomId", room)
        .put("start", START.toString()).put("end", START.plusSeconds(3600).toString()).put("hostId", alice)
        .put("participantIds", new JsonArray().add(bob))).getLong("id");
    api.create("tags", new JsonObject().put("tagId", "11:22:33:44:55:66").put("personId", bob));
    api.create("tags", new JsonObject().put("tagId", "11:22:33:44:55:77").put("personId", alice));
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static AuthenticateResult authenticate(String location, Instant at, String... rawTags) {
    List<String> hashes = java.util.Arrays.stream(rawTags).map(HASH::hash).toList();
    return AuthenticateResult.fromJson(Bus.requestJson(api.vertx.eventBus(), Addresses.AUTHENTICATE.address(),
        new AuthenticateRequest(location, hashes, at).toJson()).await());
  }

  @Test
  void participantAndHostAreRecognisedAtTheEntranceUnknownTagIsUnknown() {
    // WHEN Bob's, Alice's and a stranger's tags are seen at the entrance 10 minutes before the start
    AuthenticateResult result = authenticate("entrance", START.minusSeconds(600), "11:22:33:44:55:66",
        "11:22:33:44:55:77", "99:99:99:99:99:99");
    // THEN Bob and Alice match with the room's LED path, the stranger is unknown
    assertThat(result.matches()).extracting(Participant::personId).containsExactlyInAnyOrder(bob, alice);
    Participant match = result.matches().get(0);
    assertThat(match.eventId()).isEqualTo(event);
    assertThat(match.roomId()).isEqualTo(room);
    assertThat(match.roomLocation()).isEqualTo("room-r-door");
    assertThat(match.ledPath()).containsExactly("led-1", "led-2");
    assertThat(result.unknown()).containsExactly(HASH.hash("99:99:99:99:99:99"));
  }

  @Test
  void participantIsRecognisedAtTheRoomDoorDuringTheEvent() {
    AuthenticateResult result = authenticate("room-r-door", START.plusSeconds(1800), "11:22:33:44:55:66");
    assertThat(result.matches()).extracting(Participant::personId).containsExactly(bob);
  }

  @Test
  void tooEarlyTooLateOrElsewhereIsUnknown() {
    // 16 minutes before the start (lead is 15), after the end, and at an entrance that does not lead to the room
    assertThat(authenticate("entrance", START.minusSeconds(16 * 60), "11:22:33:44:55:66").matches()).isEmpty();
    assertThat(authenticate("entrance", START.plusSeconds(3600), "11:22:33:44:55:66").matches()).isEmpty();
    AuthenticateResult elsewhere = authenticate("back-door", START, "11:22:33:44:55:66");
    assertThat(elsewhere.matches()).isEmpty();
    assertThat(elsewhere.unknown()).hasSize(1);
  }

  @Test
  void badAuthenticateRequestIs400() {
    assertThatThrownBy(() -> Bus.requestJson(api.vertx.eventBus(), Addresses.AUTHENTICATE.address(),
        new JsonObject().put("location", "entrance").put("hashes", new JsonArray().add("nope"))).await())
        .isInstanceOfSatisfying(NanoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).contains("hashes[0]");
        });
  }

  @Test
  void statusAppendIsStoredOncePublishedOnceAndKeepsTheHighestSequence() {
    // GIVEN a listener on status changes
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> listener = api.vertx.eventBus().consumer(Addresses.STATUS_CHANGED.address(),
        m -> published.add(m.body()));
    listener.completion().await();
    try {
      Instant t = Instant.parse("2030-07-01T09:50:00Z");
      StatusRecord init = new StatusRecord(StatusRecord.Kind.VISIT, "visit-1", null, 1, Status.INIT, t, null,
          new JsonObject().put("location", "entrance"));
      StatusRecord detected = new StatusRecord(StatusRecord.Kind.VISIT, "visit-1", null, 2, Status.DETECTED,
          t.plusMillis(5), null, new JsonObject());
      // WHEN seq 2 arrives, then seq 1, then seq 2 again (a retry)
      assertThat(append(detected)).isTrue();
      assertThat(append(init)).isTrue();
      assertThat(append(detected)).isFalse();
      // THEN two lines are stored, the visit shows seq 2's status and keeps the location from seq 1
      assertThat(api.count("status_log")).isEqualTo(2);
      JsonObject visit = api.admin(HttpMethod.GET, "/api/visits/visit-1", null).bodyAsJsonObject();
      assertThat(visit.getString("status")).isEqualTo("DETECTED");
      assertThat(visit.getString("location")).isEqualTo("entrance");
      assertThat(visit.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("status")))
          .containsExactly("INIT", "DETECTED");
      // AND each new record was published once: the retry published nothing before a later marker record
      StatusRecord marker = new StatusRecord(StatusRecord.Kind.VISIT, "visit-marker", null, 1, Status.INIT, t, null,
          new JsonObject());
      assertThat(append(marker)).isTrue();
      Eventually.until("the marker is published", () -> published.size() >= 3, Duration.ofSeconds(5));
      assertThat(published).extracting(j -> j.getString("id") + "#" + j.getInteger("seq"))
          .containsExactly("visit-1#2", "visit-1#1", "visit-marker#1");
    } finally {
      listener.unregister().await();
    }
  }

  @Test
  void journeysAppearUnderTheirVisitWithTheirTimeline() {
    Instant t = Instant.parse("2030-07-01T09:55:00Z");
    append(new StatusRecord(StatusRecord.Kind.VISIT, "visit-2", null, 1, Status.AUTHENTICATED, t, null,
        new JsonObject().put("location", "entrance")));
    append(new StatusRecord(StatusRecord.Kind.JOURNEY, "visit-2-p" + bob, "visit-2", 1, Status.GUIDED, t.plusMillis(1),
        null, new JsonObject().put("personId", bob).put("eventId", event).put("roomId", room)));
    append(new StatusRecord(StatusRecord.Kind.JOURNEY, "visit-2-p" + bob, "visit-2", 2, Status.NOT_PRESENTED,
        t.plusMillis(2), "door timeout", new JsonObject()));
    JsonObject visit = api.admin(HttpMethod.GET, "/api/visits/visit-2", null).bodyAsJsonObject();
    JsonObject journey = visit.getJsonArray("journeys").getJsonObject(0);
    assertThat(journey.getString("status")).isEqualTo("NOT PRESENTED");
    assertThat(journey.getLong("personId")).isEqualTo(bob);
    assertThat(journey.getJsonArray("timeline").getJsonObject(1).getString("reason")).isEqualTo("door timeout");
    // AND the visit list shows the visit, filterable by status
    JsonObject list = api.admin(HttpMethod.GET, "/api/visits?status=AUTHENTICATED", null).bodyAsJsonObject();
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))).contains("visit-2");
  }

  @Test
  void badStatusRecordIs400AndStoresNothing() {
    long lines = api.count("status_log");
    assertThatThrownBy(() -> Bus.requestJson(api.vertx.eventBus(), Addresses.STATUS_APPEND.address(),
        new JsonObject().put("kind", "visit").put("id", "v").put("seq", 1).put("status", "LOST")).await())
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    assertThat(api.count("status_log")).isEqualTo(lines);
  }

  @Test
  void meetingRoomGetsTheEventDocumentsOverTheBus() {
    // GIVEN a document on the event
    byte[] bytes = "slide one".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long doc = api.web.post("/api/events/" + event + "/documents?name=slides.txt")
        .bearerTokenAuthentication(ApiFixture.TOKEN).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(bytes)).await().bodyAsJsonObject().getLong("id");
    // WHEN the room asks for the list and the content
    JsonObject list = Bus.requestJson(api.vertx.eventBus(), Addresses.EVENT_DOCUMENTS.address(),
        new JsonObject().put("eventId", event).put("roomLocation", ROOM_LOCATION)).await();
    JsonObject content = Bus.requestJson(api.vertx.eventBus(), Addresses.DOCUMENT_CONTENT.address(),
        new JsonObject().put("eventId", event).put("documentId", doc).put("roomLocation", ROOM_LOCATION)).await();
    // THEN it gets the metadata and the bytes
    assertThat(list.getJsonArray("documents").getJsonObject(0).getString("name")).isEqualTo("slides.txt");
    assertThat(content.getString("mediaType")).isEqualTo("text/plain");
    assertThat(Base64.getDecoder().decode(content.getString("data"))).isEqualTo(bytes);
    // AND an unknown document is a 404
    assertThatThrownBy(() -> Bus.requestJson(api.vertx.eventBus(), Addresses.DOCUMENT_CONTENT.address(),
        new JsonObject().put("eventId", event).put("documentId", 999999).put("roomLocation", ROOM_LOCATION)).await())
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    // AND another room gets neither the list nor the bytes (403), whatever it asks for
    assertThatThrownBy(() -> Bus.requestJson(api.vertx.eventBus(), Addresses.EVENT_DOCUMENTS.address(),
        new JsonObject().put("eventId", event).put("roomLocation", "room-s")).await())
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> Bus.requestJson(api.vertx.eventBus(), Addresses.DOCUMENT_CONTENT.address(),
        new JsonObject().put("eventId", event).put("documentId", doc).put("roomLocation", "room-s")).await())
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  private static boolean append(StatusRecord record) {
    return Bus.requestJson(api.vertx.eventBus(), Addresses.STATUS_APPEND.address(), record.toJson()).await()
        .getBoolean("stored");
  }
}
