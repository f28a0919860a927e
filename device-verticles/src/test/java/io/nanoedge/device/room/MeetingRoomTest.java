package io.nanoedge.device.room;

import static io.nanoedge.device.DeviceTests.await;
import static io.nanoedge.device.DeviceTests.config;
import static io.nanoedge.device.DeviceTests.deploy;
import static io.nanoedge.device.DeviceTests.eventually;
import static io.nanoedge.device.DeviceTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Arrival;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Present;
import io.nanoedge.bus.TagHash;
import io.nanoedge.device.DeviceTests;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The room role over the event bus and HTTP, with stand-ins for the controller and the API. */
@ExtendWith(VertxExtension.class)
class MeetingRoomTest {
  private static final String DOOR = "room-r";
  private static final String CODE = "kiosk-code-0123456789";
  private int displayPort;

  @BeforeEach
  void roomWithSimulatedDoor(Vertx vertx) {
    displayPort = Ports.freeTcp();
    deploy(vertx, MeetingRoomVerticle.class.getName(), config("room.location", DOOR, "display.port",
        String.valueOf(displayPort), "room.scan-window-ms", "200", "room.idle-text", "Alice's photos",
        "display.pairing-code", CODE));
  }

  private JsonObject state(Vertx vertx) {
    return state(vertx, displayPort);
  }

  /** What the display at {@code port} shows, asked as the kiosk paired with it. */
  static JsonObject state(Vertx vertx, int port) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    String cookie = pair(web, port);
    return await(web.get(port, "127.0.0.1", "/state").putHeader("cookie", cookie).send()).bodyAsJsonObject();
  }

  /** Pairs as the kiosk does; the cookie to send from then on. */
  static String pair(WebClient web, int port) {
    HttpResponse<Buffer> paired = await(web.get(port, "127.0.0.1", "/?pair=" + CODE).send());
    assertThat(paired.statusCode()).isEqualTo(303);
    return paired.cookies().get(0).split(";")[0];
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void presentShowsTheEventsDocumentsInsteadOfTheIdleContent(Vertx vertx) {
    // GIVEN the API serves event 7's two documents
    RoomStandIns.documentsOfEvent7(vertx);
    assertThat(state(vertx).getString("mode")).isEqualTo("idle");

    // WHEN the controller sends present for event 7
    JsonObject reply = await(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at(DOOR).address(),
        new Present(7, DOOR, "j-1", 11).toJson()));

    // THEN it replies with the number of documents and the display shows them, without the idle content
    assertThat(reply).isEqualTo(new JsonObject().put("presented", true).put("documents", 2));
    JsonObject state = state(vertx);
    assertThat(state.getString("mode")).isEqualTo("meeting");
    assertThat(state.getJsonArray("documents").getJsonObject(0).getString("text")).isEqualTo(RoomStandIns.AGENDA);
    assertThat(state.encode()).doesNotContain("Alice's photos");
    WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    String minutes = await(web.get(displayPort, "127.0.0.1", "/documents/2").putHeader("cookie", pair(web,
        displayPort)).send()).bodyAsString();
    assertThat(minutes).isEqualTo(RoomStandIns.MINUTES);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void presentFailsWith503WhenTheDocumentsCannotBeFetched(Vertx vertx) {
    // GIVEN no API is running
    // WHEN present arrives
    NanoException failure = failure(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at(DOOR).address(),
        new Present(7, DOOR, "j-1", 11).toJson()));
    // THEN it fails 503 naming the event, and the display stays idle
    assertThat(failure.code().status()).isEqualTo(503);
    assertThat(failure.getMessage()).contains("documents of event 7 cannot be fetched");
    assertThat(state(vertx).getString("mode")).isEqualTo("idle");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void idleReturnsToTheIdleContent(Vertx vertx) {
    // GIVEN event 7 is presented
    RoomStandIns.documentsOfEvent7(vertx);
    await(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at(DOOR).address(), new Present(7, DOOR, "j-1",
        11).toJson()));
    // WHEN idle for another event arrives, then idle for event 7
    NanoException wrong = failure(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_IDLE.at(DOOR).address(),
        new JsonObject().put("eventId", 8)));
    JsonObject reply = await(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_IDLE.at(DOOR).address(),
        new JsonObject().put("eventId", 7)));
    // THEN the first is refused (409) and the second shows the idle content again
    assertThat(wrong.code().status()).isEqualTo(409);
    assertThat(reply.getBoolean("idle")).isTrue();
    assertThat(state(vertx)).isEqualTo(new JsonObject().put("room", "Meeting room").put("mode", "idle")
        .put("text", "Alice's photos"));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void doorMotionWithATagInRangeReportsAnArrivalWithItsHash(Vertx vertx) {
    // GIVEN a stand-in controller and Bob's tag in range of the door scanner
    List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    await(Bus.serveJson(vertx.eventBus(), Addresses.ARRIVAL.address(), body -> {
      arrivals.add(Arrival.fromJson(body));
      return Future.succeededFuture(new JsonObject().put("journeys", new JsonArray()));
    }).completion());
    await(vertx.eventBus().request(Addresses.SIMULATE_TAG.at(DOOR).address(),
        new JsonObject().put("tag", "AA:BB:CC:DD:EE:01").put("seconds", 5)));

    // WHEN the door PIR fires
    await(vertx.eventBus().request(Addresses.SIMULATE_MOTION.at(DOOR).address(), new JsonObject()));

    // THEN the controller gets one arrival at the door with the tag's keyed hash, not the raw id
    assertThat(eventually(3000, () -> arrivals.size() == 1)).isTrue();
    Arrival arrival = arrivals.get(0);
    assertThat(arrival.location()).isEqualTo(DOOR);
    assertThat(arrival.hashes()).containsExactly(new TagHash(DeviceTests.TAG_KEY).hash("aa:bb:cc:dd:ee:01"));
    assertThat(arrival.toJson().encode()).doesNotContainIgnoringCase("aa:bb:cc");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void presentForAnotherRoomIsABadRequest(Vertx vertx) {
    // WHEN present names another room's door
    NanoException failure = failure(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at(DOOR).address(),
        new Present(7, "room-q", "j-1", 11).toJson()));
    // THEN 400 naming both doors
    assertThat(failure.code().status()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("room-r").contains("room-q");
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aRoomDoesNotPresentAnEventBookedInAnotherRoom(Vertx vertx) {
    // GIVEN room S next to room R, and event 7 booked in room R
    RoomStandIns.documentsOfEvent7(vertx);
    int roomS = Ports.freeTcp();
    deploy(vertx, MeetingRoomVerticle.class.getName(), config("room.location", "room-s", "display.port",
        String.valueOf(roomS), "room.idle-text", "Room S idle", "display.pairing-code", CODE));
    // WHEN room S is told to present event 7 (as a forged or mistaken command would)
    NanoException failure = failure(Bus.requestJson(vertx.eventBus(), Addresses.ROOM_PRESENT.at("room-s").address(),
        new Present(7, "room-s", "j-1", 11).toJson()));
    // THEN 403 from the API naming the room, and room S's display stays idle
    assertThat(failure.code().status()).isEqualTo(403);
    assertThat(failure.getMessage()).contains("not booked in the room at room-s");
    JsonObject shown = state(vertx, roomS);
    assertThat(shown.getString("mode")).isEqualTo("idle");
  }
}
