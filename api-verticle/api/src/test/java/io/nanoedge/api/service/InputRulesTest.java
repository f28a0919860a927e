package io.nanoedge.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's input rules and its calendar, without a database: what a client may send is decided before any
 * statement runs, and a bad field is a 400 naming it.
 */
class InputRulesTest {
  private static final Instant NINE = Instant.parse("2026-11-28T09:00:00Z");

  private static JsonObject event() {
    return new JsonObject().put("title", "Budget review").put("roomId", 1).put("start", "2026-11-28T09:00:00Z")
        .put("end", "2026-11-28T10:00:00Z");
  }

  private static void rejected(Runnable input, String message) {
    assertThatThrownBy(input::run).isInstanceOf(NanoException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(ErrorCode.of(e)).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void aValidEventIsScheduledByDefaultAndKeepsItsParticipantsUnsaid() {
    EventInput e = EventInput.from(event());
    assertThat(e.state()).isEqualTo("scheduled");
    assertThat(e.scheduled()).isTrue();
    assertThat(e.participantIds()).isNull();
    assertThat(e.start()).isEqualTo(NINE);
  }

  @Test
  void anEventEndsAfterItStartsAndLastsAtMostSevenDays() {
    rejected(() -> EventInput.from(event().put("end", "2026-11-28T09:00:00Z")), "field 'end' must be after 'start'");
    rejected(() -> EventInput.from(event().put("end", "2026-12-06T09:00:00Z")), "at most 7 days");
  }

  @Test
  void unknownFieldsAndStatesAreNamed() {
    rejected(() -> EventInput.from(event().put("room", 1)), "unknown field 'room'");
    rejected(() -> EventInput.from(event().put("state", "maybe")), "field 'state'");
    rejected(() -> EventInput.from(event().put("title", "")), "field 'title'");
  }

  @Test
  void participantIdsArePositiveIntegersWithoutRepeats() {
    assertThat(EventInput.from(event().put("participantIds", new JsonArray(List.of(3, 2, 3)))).participantIds())
        .containsExactly(3L, 2L);
    rejected(() -> EventInput.from(event().put("participantIds", new JsonArray(List.of(1, "two")))),
        "field 'participantIds[1]' must be a positive integer");
    rejected(() -> EventInput.from(event().put("participantIds", new JsonArray(List.of(0)))),
        "field 'participantIds[0]'");
  }

  @Test
  void theCalendarHasTheGapsBetweenOverlappingEvents() {
    // GIVEN two overlapping events from 09:00 to 10:30 in a window from 08:00 to 12:00
    FreeBusy.Window window = new FreeBusy.Window(NINE.minusSeconds(3600), NINE.plusSeconds(3 * 3600));
    JsonObject calendar = FreeBusy.of(1, window, List.of(new FreeBusy.Busy(7L, "a", NINE, NINE.plusSeconds(3600)),
        new FreeBusy.Busy(8L, "b", NINE.plusSeconds(1800), NINE.plusSeconds(5400))));
    // THEN both are busy and the free slots are before and after them
    assertThat(calendar.getJsonArray("busy")).hasSize(2);
    assertThat(calendar.getJsonArray("free")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("start", "2026-11-28T08:00:00Z").put("end", "2026-11-28T09:00:00Z"))
        .add(new JsonObject().put("start", "2026-11-28T10:30:00Z").put("end", "2026-11-28T12:00:00Z")));
  }

  @Test
  void aCalendarWindowIsForwardAndAtMostSixtyTwoDays() {
    rejected(() -> new FreeBusy.Window(NINE, NINE), "'to' must be after 'from'");
    rejected(() -> new FreeBusy.Window(NINE, NINE.plusSeconds(63L * 86400)), "span at most 62 days");
  }

  @Test
  void personsAndRoomsNameTheirBadFields() {
    assertThat(PersonService.Person.from(new JsonObject().put("name", " Alice ")).name()).isEqualTo("Alice");
    rejected(() -> PersonService.Person.from(new JsonObject().put("name", "Bob").put("email", "bob")),
        "field 'email' must look like name@domain");
    JsonObject room = new JsonObject().put("name", "Room R").put("location", "room-r").put("capacity", 8)
        .put("ledPath", new JsonArray(List.of("corridor-1", "corridor 2")));
    rejected(() -> RoomService.Room.from(room), "field 'ledPath[1]'");
    rejected(() -> RoomService.Room.from(room.copy().put("ledPath", new JsonArray()).put("capacity", 0)),
        "field 'capacity' must be between 1 and 100000");
  }

  @Test
  void queryParametersAreCheckedLikeFields() {
    rejected(() -> Params.of(Map.of("limt", "5"), Page.PARAMS), "unknown query parameter 'limt'");
    rejected(() -> Page.from(Params.of(Map.of("limit", "501"), Page.PARAMS)), "'limit' must be between 1 and 500");
    rejected(() -> Params.id("id", "-3"), "path parameter 'id' must be a positive integer");
    assertThat(Page.from(Params.of(Map.of(), Page.PARAMS))).isEqualTo(new Page(Page.DEFAULT_LIMIT, 0));
  }
  @Test
  void storedTextFitsItsColumnAndHasNoControlCharacters() {
    assertThat(Texts.require(new JsonObject().put("name", " Zoë "), "name", 100)).isEqualTo("Zoë");
    rejected(() -> Texts.require(new JsonObject().put("name", "Mallory\u001b]0;pwned\u0007"), "name", 100),
        "field 'name' must not contain control characters");
    rejected(() -> Texts.require(new JsonObject().put("name", "x".repeat(101)), "name", 100),
        "field 'name' must be at most 100 characters");
    rejected(() -> EventInput.from(event().put("title", "Budget\nreview")), "field 'title'");
  }

  @Test
  void eventTimesAndCalendarWindowsAreWithin2000And2100() {
    rejected(() -> EventInput.from(event().put("start", "1999-12-31T23:00:00Z")), "field 'start' must be between");
    rejected(() -> EventInput.from(event().put("start", "2100-01-01T00:00:00Z").put("end", "2100-01-01T01:00:00Z")),
        "field 'start' must be between");
    rejected(() -> Params.of(Map.of("from", "+20000-01-01T00:00:00Z"), java.util.Set.of("from")).optInstant("from"),
        "query parameter 'from' must be between");
  }
}
