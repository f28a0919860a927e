package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.EventRoute;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Addresses#EVENT_ROUTE}: where the controller sends a visitor the host admitted by hand. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ApiEventRouteTest {
  private static ApiFixture api;
  private static long alice;
  private static long roomA;
  private static long now;
  private static long soon;
  private static long later;
  private static long ended;
  private static long cancelled;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    alice = api.person("Alice").getLong("id");
    // GIVEN room A reached from "entrance": a meeting on now, one in two hours and one that ended an hour ago
    roomA = api.room("Room A", "room-a-door", "entrance").getLong("id");
    now = event(roomA, "Planning", t.minus(Duration.ofMinutes(10)), t.plus(Duration.ofMinutes(50)), "scheduled");
    later = event(roomA, "Review", t.plus(Duration.ofHours(2)), t.plus(Duration.ofHours(3)), "scheduled");
    ended = event(roomA, "Breakfast", t.minus(Duration.ofHours(2)), t.minus(Duration.ofHours(1)), "scheduled");
    // AND room B reached from "entrance": a meeting starting in 10 minutes (within the 15-minute lead)
    long roomB = api.room("Room B", "room-b-door", "entrance").getLong("id");
    soon = event(roomB, "Stand-up", t.plus(Duration.ofMinutes(10)), t.plus(Duration.ofMinutes(40)), "scheduled");
    // AND room C reached from "side-door": a cancelled meeting that would be on now
    long roomC = api.room("Room C", "room-c-door", "side-door").getLong("id");
    cancelled = event(roomC, "Called off", t.minus(Duration.ofMinutes(10)), t.plus(Duration.ofMinutes(50)),
        "cancelled");
  }

  private static long event(long room, String title, Instant start, Instant end, String state) {
    return api.create("events", new JsonObject().put("title", title).put("roomId", room)
        .put("start", start.toString()).put("end", end.toString()).put("hostId", alice).put("state", state))
        .getLong("id");
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static JsonObject route(JsonObject request) {
    return Bus.requestJson(api.vertx.eventBus(), Addresses.EVENT_ROUTE.address(), request).await();
  }

  private static JsonObject request(long eventId, String location) {
    return new JsonObject().put("eventId", eventId).put("location", location);
  }

  private static void assertFails(JsonObject request, ErrorCode code, String message) {
    assertThatThrownBy(() -> route(request)).isInstanceOfSatisfying(NanoException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void admittedPersonIsRoutedToTheRoomOfTheEventOnNow() {
    // WHEN the controller asks where Alice, admitted at the entrance, goes for the meeting on now
    JsonObject reply = route(request(now, "entrance").put("personId", alice));
    // THEN the reply names the event, its room, the LED path and Alice, in the shape the controller reads
    assertThat(reply).isEqualTo(new JsonObject().put("eventId", now).put("eventTitle", "Planning")
        .put("roomId", roomA).put("roomLocation", "room-a-door")
        .put("ledPath", new io.vertx.core.json.JsonArray().add("led-1").add("led-2")).put("personName", "Alice"));
    EventRoute route = EventRoute.fromJson(reply);
    assertThat(route.ledPath()).containsExactly("led-1", "led-2");
    assertThat(route.personName()).isEqualTo("Alice");
  }

  @Test
  void guestWithoutPersonGetsTheRouteWithoutAName() {
    JsonObject reply = route(request(now, "entrance"));
    assertThat(reply.getLong("roomId")).isEqualTo(roomA);
    assertThat(reply.containsKey("personName")).isFalse();
  }

  @Test
  void eventStartingWithinTheLeadAndTheRoomsOwnDoorAreAccepted() {
    assertThat(route(request(soon, "entrance")).getString("roomLocation")).isEqualTo("room-b-door");
    assertThat(route(request(now, "room-a-door")).getLong("eventId")).isEqualTo(now);
  }

  @Test
  void unknownEventOrPersonIs404() {
    assertFails(request(999_999, "entrance"), ErrorCode.NOT_FOUND, "no event 999999");
    assertFails(request(now, "entrance").put("personId", 999_999), ErrorCode.NOT_FOUND, "no person 999999");
    // an unknown person is reported even when the event is not on
    assertFails(request(later, "entrance").put("personId", 999_999), ErrorCode.NOT_FOUND, "no person 999999");
  }

  @Test
  void eventNotOnNowIs409() {
    assertFails(request(later, "entrance"), ErrorCode.CONFLICT, "event " + later + " is not on now");
    assertFails(request(ended, "entrance"), ErrorCode.CONFLICT, "event " + ended + " is not on now");
    assertFails(request(cancelled, "side-door"), ErrorCode.CONFLICT, "event " + cancelled + " is cancelled");
  }

  @Test
  void roomNotReachedFromThatEntranceIs409() {
    assertFails(request(now, "side-door").put("personId", alice), ErrorCode.CONFLICT,
        "the room of event " + now + " (room-a-door) is not reached from side-door");
  }

  @Test
  void badRequestIs400NamingTheField() {
    assertFails(new JsonObject().put("eventId", now), ErrorCode.BAD_REQUEST, "location");
    assertFails(request(now, "entrance").put("visitId", "v-1"), ErrorCode.BAD_REQUEST, "visitId");
    assertFails(request(now, "no such/place"), ErrorCode.BAD_REQUEST, "location");
  }
}
