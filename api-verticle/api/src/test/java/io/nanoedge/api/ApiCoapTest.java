package io.nanoedge.api;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CoAP front end over real UDP and DTLS (Californium client): the same resources as HTTP, block-wise
 * transfer, Observe on visits, and who may change what.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiCoapTest {
  private static ApiFixture api;
  private static CoapTestClient secure;
  private static CoapTestClient plain;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of("api.public-read", "true", "api.document-max-bytes", "65536"));
    secure = CoapTestClient.secure(api.coapsPort, ApiFixture.PSK_IDENTITY, ApiFixture.PSK_KEY);
    plain = CoapTestClient.plain(api.coapPort);
  }

  @AfterAll
  static void stop() {
    secure.close();
    plain.close();
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static JsonObject json(CoapResponse response) {
    assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
    return new JsonObject(response.getResponseText());
  }

  private static JsonObject created(String collection, JsonObject body) {
    CoapResponse response = secure.send(Code.POST, "/api/" + collection, body.encode());
    assertThat(response.getCode()).as(response.getResponseText()).isEqualTo(ResponseCode.CREATED);
    JsonObject item = json(response);
    assertThat(response.getOptions().getLocationPathString()).isEqualTo("api/" + collection + "/" + item.getLong("id"));
    return item;
  }

  /** Create (2.01 + Location-Path), read (2.05), replace (2.04), delete (2.02), then 4.04. */
  private static void crud(String collection, JsonObject create, JsonObject update, String changedField) {
    long id = created(collection, create).getLong("id");
    String path = "/api/" + collection + "/" + id;
    CoapResponse read = secure.send(Code.GET, path, null);
    assertThat(read.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(json(read).getLong("id")).isEqualTo(id);
    CoapResponse changed = secure.send(Code.PUT, path, update.encode());
    assertThat(changed.getCode()).as(changed.getResponseText()).isEqualTo(ResponseCode.CHANGED);
    assertThat(json(secure.send(Code.GET, path, null)).getValue(changedField)).isEqualTo(update.getValue(changedField));
    assertThat(secure.send(Code.DELETE, path, null).getCode()).isEqualTo(ResponseCode.DELETED);
    assertThat(secure.send(Code.GET, path, null).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
  }

  @Test
  void everyResourceHasCrudOverCoaps() {
    crud("persons", new JsonObject().put("name", "Carl"), new JsonObject().put("name", "Carl C"), "name");
    JsonObject room = new JsonObject().put("name", "Room 1").put("location", "room-1-door").put("capacity", 4)
        .put("entrances", new JsonArray().add("entrance")).put("ledPath", new JsonArray().add("n1"));
    crud("rooms", room, room.copy().put("capacity", 12), "capacity");
    long person = created("persons", new JsonObject().put("name", "Tag owner")).getLong("id");
    crud("tags", new JsonObject().put("tagId", "de:ad:be:ef:00:01").put("personId", person),
        new JsonObject().put("personId", person).put("label", "spare"), "label");
    long roomId = created("rooms", room.copy().put("location", "room-2-door")).getLong("id");
    JsonObject event = new JsonObject().put("title", "Sync").put("roomId", roomId)
        .put("start", "2031-01-01T09:00:00Z").put("end", "2031-01-01T10:00:00Z");
    crud("events", event, event.copy().put("title", "Sync 2"), "title");
  }

  @Test
  void participantsAvailabilityAndListsWorkOverCoap() {
    long person = created("persons", new JsonObject().put("name", "P")).getLong("id");
    long room = created("rooms", new JsonObject().put("name", "Room 3").put("location", "room-3-door")
        .put("capacity", 4)).getLong("id");
    long event = created("events", new JsonObject().put("title", "E").put("roomId", room)
        .put("start", "2031-02-01T09:00:00Z").put("end", "2031-02-01T10:00:00Z")).getLong("id");
    CoapResponse put = secure.send(Code.PUT, "/api/events/" + event + "/participants",
        new JsonObject().put("personIds", new JsonArray().add(person)).encode());
    assertThat(put.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(json(plain.send(Code.GET, "/api/events/" + event + "/participants", null)).getJsonArray("participants")
        .getJsonObject(0).getLong("personId")).isEqualTo(person);
    CoapResponse cal = plain.send(Code.GET, "/api/rooms/" + room
        + "/availability?from=2031-02-01T08:00:00Z&to=2031-02-01T12:00:00Z", null);
    assertThat(json(cal).getJsonArray("busy").size()).isEqualTo(1);
    JsonObject page = json(plain.send(Code.GET, "/api/events?roomId=" + room + "&limit=1", null));
    assertThat(page.getLong("total")).isEqualTo(1);
  }

  @Test
  void largeListComesBlockWise() {
    // GIVEN enough persons that a list of 50 is far over one CoAP message (1 KiB)
    for (int i = 0; i < 50; i++) {
      created("persons", new JsonObject().put("name", "Person number " + i).put("email", "p" + i + "@example.org"));
    }
    // WHEN the list is read over plain CoAP
    CoapResponse response = plain.send(Code.GET, "/api/persons?limit=50", null);
    // THEN the client reassembles the blocks into the whole JSON
    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getPayload().length).isGreaterThan(2048);
    assertThat(json(response).getJsonArray("items").size()).isEqualTo(50);
  }

  @Test
  void documentUploadAndDownloadAreBlockWise() {
    long room = created("rooms", new JsonObject().put("name", "Room 4").put("location", "room-4-door")
        .put("capacity", 4)).getLong("id");
    long event = created("events", new JsonObject().put("title", "Docs").put("roomId", room)
        .put("start", "2031-03-01T09:00:00Z").put("end", "2031-03-01T10:00:00Z")).getLong("id");
    byte[] bytes = new byte[40_000];
    new java.util.Random(3).nextBytes(bytes);
    // WHEN 40 kB are posted (Block1) over CoAPs
    CoapResponse upload = secure.send(Code.POST, "/api/events/" + event + "/documents?name=deck.bin", bytes,
        MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    assertThat(upload.getCode()).as(upload.getResponseText()).isEqualTo(ResponseCode.CREATED);
    // THEN the stored document downloads (Block2) byte for byte
    CoapResponse download = plain.send(Code.GET, "/" + upload.getOptions().getLocationPathString(), null);
    assertThat(download.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(download.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    assertThat(download.getPayload()).isEqualTo(bytes);
  }

  @Test
  void documentOverTheLimitIs413AndNotStored() {
    long room = created("rooms", new JsonObject().put("name", "Room 5").put("location", "room-5-door")
        .put("capacity", 4)).getLong("id");
    long event = created("events", new JsonObject().put("title", "Big").put("roomId", room)
        .put("start", "2031-03-02T09:00:00Z").put("end", "2031-03-02T10:00:00Z")).getLong("id");
    long docs = api.count("event_documents");
    CoapResponse response = secure.send(Code.POST, "/api/events/" + event + "/documents?name=big.bin",
        new byte[66_000], MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertThat(api.count("event_documents")).isEqualTo(docs);
  }

  @Test
  void observerOfAVisitIsNotifiedOfAStatusAppend() throws Exception {
    // GIVEN a visit with one status, observed over CoAP
    Instant t = Instant.parse("2031-04-01T09:00:00Z");
    append(new StatusRecord(StatusRecord.Kind.VISIT, "obs-1", null, 1, Status.DETECTED, t, null,
        new JsonObject().put("location", "entrance")));
    List<String> seen = new CopyOnWriteArrayList<>();
    CoapClient client = plain.client("/api/visits/obs-1");
    CoapObserveRelation relation = client.observe(handler(seen));
    try {
      await(() -> seen.contains("DETECTED"));
      // WHEN the controller appends the next status
      append(new StatusRecord(StatusRecord.Kind.VISIT, "obs-1", null, 2, Status.SCANNED, t.plusSeconds(3), null,
          new JsonObject()));
      // THEN the observer is notified with the new status
      await(() -> seen.contains("SCANNED"));
      assertThat(seen).containsSubsequence("DETECTED", "SCANNED");
    } finally {
      relation.proactiveCancel();
      client.shutdown();
    }
  }

  @Test
  void observerOfTheVisitListIsNotifiedOfANewVisit() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CoapClient client = plain.client("/api/visits");
    java.util.concurrent.atomic.AtomicBoolean loaded = new java.util.concurrent.atomic.AtomicBoolean();
    CoapObserveRelation relation = client.observe(new CoapHandler() {
      @Override
      public void onLoad(CoapResponse response) {
        loaded.set(true);
        new JsonObject(response.getResponseText()).getJsonArray("items")
            .forEach(o -> seen.add(((JsonObject) o).getString("id")));
      }

      @Override
      public void onError() {
      }
    });
    try {
      // The first notification is the registration's answer: the observation is in place.
      await(loaded::get);
      append(new StatusRecord(StatusRecord.Kind.VISIT, "obs-list-1", null, 1, Status.INIT, Instant.now(), null,
          new JsonObject()));
      await(() -> seen.contains("obs-list-1"));
    } finally {
      relation.proactiveCancel();
      client.shutdown();
    }
  }

  @Test
  void publicReadLetsAnonymousHttpReadButNotWrite() {
    assertThat(api.send(io.vertx.core.http.HttpMethod.GET, "/api/rooms", null, null).statusCode()).isEqualTo(200);
    assertThat(api.send(io.vertx.core.http.HttpMethod.POST, "/api/rooms", new JsonObject(), null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void plainCoapMutationIsRefusedWith401() {
    long persons = api.count("persons");
    CoapResponse response = plain.send(Code.POST, "/api/persons", new JsonObject().put("name", "Mallory").encode());
    assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
    assertThat(json(response).getString("error")).isEqualTo("unauthorized");
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void wrongPskIsRefusedAndChangesNothing() {
    long persons = api.count("persons");
    try (CoapTestClient wrong = CoapTestClient.secure(api.coapsPort, ApiFixture.PSK_IDENTITY, "not-the-key-at-all")) {
      CoapResponse response = wrong.send(Code.POST, "/api/persons", new JsonObject().put("name", "Mallory").encode());
      assertThat(response).isNull();
    }
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  @Test
  void doubleBookingIs412OverCoap() {
    long room = created("rooms", new JsonObject().put("name", "Room 6").put("location", "room-6-door")
        .put("capacity", 4)).getLong("id");
    JsonObject event = new JsonObject().put("title", "One").put("roomId", room)
        .put("start", "2031-05-01T09:00:00Z").put("end", "2031-05-01T10:00:00Z");
    created("events", event);
    long events = api.count("events");
    CoapResponse response = secure.send(Code.POST, "/api/events", event.copy().put("title", "Two").encode());
    assertThat(response.getCode()).isEqualTo(ResponseCode.PRECONDITION_FAILED);
    assertThat(json(response).getString("error")).isEqualTo("conflict");
    assertThat(api.count("events")).isEqualTo(events);
  }

  @Test
  void badInputOverCoapGetsTheMatchingCodes() {
    long persons = api.count("persons");
    CoapResponse unknown = secure.send(Code.POST, "/api/persons", new JsonObject().put("name", "X").put("age", 3)
        .encode());
    assertThat(unknown.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(json(unknown).getString("message")).contains("'age'");
    CoapResponse text = secure.send(Code.POST, "/api/persons", "{\"name\":\"X\"}".getBytes(StandardCharsets.UTF_8),
        MediaTypeRegistry.TEXT_PLAIN);
    assertThat(text.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    CoapResponse big = secure.send(Code.POST, "/api/persons", "{\"name\":\"" + "x".repeat(65_600) + "\"}");
    assertThat(big.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertThat(secure.send(Code.GET, "/api/persons/999999", null).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    assertThat(secure.send(Code.PATCH, "/api/persons", "{}").getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    assertThat(api.count("persons")).isEqualTo(persons);
  }

  private static CoapHandler handler(List<String> statuses) {
    return new CoapHandler() {
      @Override
      public void onLoad(CoapResponse response) {
        if (response.getCode() == ResponseCode.CONTENT) {
          statuses.add(new JsonObject(response.getResponseText()).getString("status"));
        }
      }

      @Override
      public void onError() {
      }
    };
  }

  private static void append(StatusRecord record) {
    Bus.requestJson(api.vertx.eventBus(), Addresses.STATUS_APPEND.address(), record.toJson()).await();
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    Eventually.until("the condition is met", condition, Duration.ofSeconds(10));
  }
}
