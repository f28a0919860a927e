package io.nanoedge.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one set of field rules at the contract: what the workflow accepts from a device, a host or the network fits
 * the columns the API stores it in (lengths, no control characters, times in range), so a record the controller
 * makes from it is never refused later. No database: these are the rules themselves.
 */
class FieldRulesTest {
  private static final String HASH = "a".repeat(64);
  private static final String ESC = "\u001b[2J";
  private static final Instant T = Instant.parse("2026-11-28T09:00:00Z");

  private static void rejected(Runnable input, String field) {
    assertThatThrownBy(input::run).isInstanceOf(NanoException.class).hasMessageContaining("'" + field + "'")
        .satisfies(e -> assertThat(ErrorCode.of(e)).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  private static JsonObject motion(String location) {
    return new JsonObject().put("location", location);
  }

  @Test
  void motionLocationIsAnIdThatFitsTheColumn() {
    assertThat(Motion.fromJson(motion("a".repeat(64))).location()).hasSize(64);
    rejected(() -> Motion.fromJson(motion("a".repeat(65))), "location");
    rejected(() -> Motion.fromJson(motion("entrance" + ESC)), "location");
    rejected(() -> Motion.fromJson(motion("entrance hall")), "location");
  }

  @Test
  void machineTimesAreStorableAndADeviceWithoutAClockStillCounts() {
    // a PIR without a time source says 1970: its motion still opens a visit
    assertThat(Motion.fromJson(motion("entrance").put("at", "1970-01-01T00:00:01Z")).at())
        .isEqualTo(Instant.ofEpochSecond(1));
    // a time the database would store as a zero date is refused, wherever a machine reports one
    rejected(() -> Motion.fromJson(motion("entrance").put("at", "+20000-01-01T00:00:00Z")), "at");
    rejected(() -> Motion.fromJson(motion("entrance").put("at", "0999-12-31T23:59:59Z")), "at");
    rejected(() -> new Arrival("room-r", List.of(), Instant.parse("+10000-01-01T00:00:00Z")), "at");
    rejected(() -> new AuthenticateRequest("entrance", List.of(), Instant.parse("-0001-01-01T00:00:00Z")), "at");
  }

  @Test
  void timesPeopleEnterAreWithin2000And2100() {
    assertThat(Fields.inRange(Fields.EARLIEST, "start")).isEqualTo(Fields.EARLIEST);
    rejected(() -> Fields.inRange(Instant.parse("1999-12-31T23:59:59Z"), "start"), "start");
    rejected(() -> Fields.inRange(Fields.LATEST, "end"), "end");
  }

  @Test
  void motionSourceIsShortTextWithoutControlCharacters() {
    assertThat(Motion.fromJson(motion("entrance").put("source", "pir-é-17")).source()).isEqualTo("pir-é-17");
    rejected(() -> Motion.fromJson(motion("entrance").put("source", "pir" + ESC)), "source");
    rejected(() -> Motion.fromJson(motion("entrance").put("source", "p".repeat(65))), "source");
    // C1 controls (the 8-bit CSI) are control characters too
    rejected(() -> Motion.fromJson(motion("entrance").put("source", "pir\u009b2J")), "source");
  }

  @Test
  void statusRecordIdsAreIdsAndItsTimeIsStorable() {
    rejected(() -> new StatusRecord(StatusRecord.Kind.VISIT, "v 1", null, 1, Status.INIT, T, null, null), "id");
    rejected(() -> new StatusRecord(StatusRecord.Kind.JOURNEY, "v1-2", "v" + "1".repeat(64), 1, Status.GUIDED, T,
        null, null), "visitId");
    rejected(() -> new StatusRecord(StatusRecord.Kind.VISIT, "v1", null, 1, Status.INIT,
        Instant.parse("+10000-01-01T00:00:00Z"), null, null), "at");
  }

  @Test
  void statusReasonIsCleanedAndCutNeverRefused() {
    // GIVEN a reason the controller composed from a device's error text: escape sequences and far too long
    String reason = "scanner said: " + ESC + "x".repeat(600);
    StatusRecord record = new StatusRecord(StatusRecord.Kind.VISIT, "v1", null, 5, Status.NOT_SCANNED, T, reason,
        null);
    // THEN the record is kept, its reason fits the column and carries no control character
    assertThat(record.reason()).hasSize(Fields.MAX_REASON).doesNotContain("\u001b").startsWith("scanner said:  [2J");
    // AND the API decodes the same record from the bus unchanged
    assertThat(StatusRecord.fromJson(record.toJson())).isEqualTo(record);
  }

  @Test
  void cleaningCountsCodePointsAsTheDatabaseDoes() {
    String emoji = "\uD83D\uDE00";
    assertThat(Fields.clean(emoji.repeat(3), 2)).isEqualTo(emoji.repeat(2));
    assertThat(Fields.text(emoji.repeat(100), "name", Fields.MAX_NAME)).isEqualTo(emoji.repeat(100));
    rejected(() -> Fields.text(emoji.repeat(101), "name", Fields.MAX_NAME), "name");
  }

  @Test
  void statusDataFitsItsColumns() {
    rejected(() -> Fields.statusData(new JsonObject().put("location", "x".repeat(65))), "data.location");
    rejected(() -> Fields.statusData(new JsonObject().put("guestName", "D" + ESC)), "data.guestName");
    rejected(() -> Fields.statusData(new JsonObject().put("guestName", "D".repeat(101))), "data.guestName");
    rejected(() -> Fields.statusData(new JsonObject().put("personId", "two")), "personId");
    rejected(() -> Fields.statusData(new JsonObject().put("note", "n".repeat(Fields.MAX_DATA_BYTES))), "data");
  }

  @Test
  void admitGuestNameAndIssuerAreCleanText() {
    JsonObject admit = new JsonObject().put("visitId", "v1").put("guestName", "David").put("eventId", 7);
    assertThat(Admit.fromJson(admit).guestName()).isEqualTo("David");
    rejected(() -> Admit.fromJson(admit.copy().put("guestName", "David" + ESC)), "guestName");
    rejected(() -> Admit.fromJson(admit.copy().put("guestName", "D".repeat(101))), "guestName");
    rejected(() -> Admit.fromJson(admit.copy().put("by", "host\n")), "by");
    rejected(() -> Admit.fromJson(admit.copy().put("visitId", "v1/../x")), "visitId");
  }

  @Test
  void scansAndAuthenticationsCarryABoundedNumberOfTags() {
    List<String> many = Collections.nCopies(Fields.MAX_TAGS + 1, HASH);
    rejected(() -> new AuthenticateRequest("entrance", many, null), "hashes");
    rejected(() -> new Arrival("room-r", many, null), "hashes");
    List<TagSighting> crowd = Collections.nCopies(Fields.MAX_TAGS + 1, new TagSighting(HASH, -50));
    assertThatThrownBy(() -> new ScanResult("entrance", crowd)).hasMessageContaining("'tags'");
    assertThat(new ScanResult("entrance", crowd.subList(0, Fields.MAX_TAGS)).tags()).hasSize(Fields.MAX_TAGS);
  }

  @Test
  void workflowLocationsAreIdsEverywhere() {
    rejected(() -> new AuthenticateRequest("entrance;DROP", List.of(), null), "location");
    rejected(() -> new Arrival("room r", List.of(), null), "location");
    rejected(() -> new ScanResult("x".repeat(65), List.of()), "location");
    rejected(() -> new ScanRequest("entrance" + ESC, 100, null), "location");
    rejected(() -> new EventRoute.Query(1, "", null), "location");
  }
}
