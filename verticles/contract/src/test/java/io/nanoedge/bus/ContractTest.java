package io.nanoedge.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every contract message survives JSON, and malformed bodies are refused with the field named. */
class ContractTest {
  static final String H1 = "a".repeat(64);
  static final String H2 = "0123456789abcdef".repeat(4);
  static final Instant T = Instant.parse("2026-11-28T09:00:00Z");

  static Stream<Arguments> messages() {
    Participant bob = new Participant(H1, 2, "Bob", 7, "Budget", 3, "room-r-door", List.of("c-1", "c-2"));
    return Stream.of(
        Arguments.of(new Motion("entrance", T, "pir-17"), (Function<JsonObject, Object>) Motion::fromJson),
        Arguments.of(new ScanRequest("entrance", 3000, "v-1"), (Function<JsonObject, Object>) ScanRequest::fromJson),
        Arguments.of(new ScanResult("entrance", List.of(new TagSighting(H1, -60), new TagSighting(H2, -80))),
            (Function<JsonObject, Object>) ScanResult::fromJson),
        Arguments.of(new AuthenticateRequest("entrance", List.of(H1, H2), T),
            (Function<JsonObject, Object>) AuthenticateRequest::fromJson),
        Arguments.of(new AuthenticateResult(List.of(bob), List.of(H2)),
            (Function<JsonObject, Object>) AuthenticateResult::fromJson),
        Arguments.of(new Participant(null, 4, "David", 7, "Budget", 3, "room-r-door", List.of("c-1")),
            (Function<JsonObject, Object>) Participant::fromJson),
        Arguments.of(new StatusRecord(StatusRecord.Kind.JOURNEY, "v-1-2", "v-1", 3, Status.NOT_GUIDED, T, "timeout",
            new JsonObject().put("personId", 2)), (Function<JsonObject, Object>) StatusRecord::fromJson),
        Arguments.of(new StatusRecord(StatusRecord.Kind.VISIT, "v-1", null, 1, Status.INIT, T, null, null),
            (Function<JsonObject, Object>) StatusRecord::fromJson),
        Arguments.of(new Admit("v-1", null, "David", 7, "alice"), (Function<JsonObject, Object>) Admit::fromJson),
        Arguments.of(new Admit("v-1", 4L, null, 7, "alice"), (Function<JsonObject, Object>) Admit::fromJson),
        Arguments.of(new Arrival("room-r-door", List.of(H1), T), (Function<JsonObject, Object>) Arrival::fromJson),
        Arguments.of(GuideHop.start("v-1-2", "room-r-door", List.of("c-1", "c-2"), 2000, T).next(),
            (Function<JsonObject, Object>) GuideHop::fromJson),
        Arguments.of(new GuideStop("v-1-2", "arrived"), (Function<JsonObject, Object>) GuideStop::fromJson),
        Arguments.of(new Present(7, "room-r-door", "v-1-2", 2), (Function<JsonObject, Object>) Present::fromJson));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughJson(Object message, Function<JsonObject, Object> decoder) throws Exception {
    JsonObject json = (JsonObject) message.getClass().getMethod("toJson").invoke(message);
    // Through the wire form, as the clustered bus carries it.
    JsonObject wire = new JsonObject(json.encode());
    assertThat(decoder.apply(wire)).isEqualTo(message);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of((Function<JsonObject, Object>) Motion::fromJson, new JsonObject(), "'location'"),
        Arguments.of((Function<JsonObject, Object>) Motion::fromJson,
            new JsonObject().put("location", "e").put("at", "yesterday"), "'at'"),
        Arguments.of((Function<JsonObject, Object>) Motion::fromJson,
            new JsonObject().put("location", "e").put("colour", "red"), "'colour'"),
        Arguments.of((Function<JsonObject, Object>) ScanRequest::fromJson,
            new JsonObject().put("location", "e").put("windowMs", "3s"), "'windowMs'"),
        Arguments.of((Function<JsonObject, Object>) ScanRequest::fromJson,
            new JsonObject().put("location", "e").put("windowMs", -1), "'windowMs'"),
        Arguments.of((Function<JsonObject, Object>) ScanResult::fromJson,
            new JsonObject().put("location", "e").put("tags", List.of(new JsonObject().put("hash", "AA:BB").put(
                "rssi", -1))),
            "'hash'"),
        Arguments.of((Function<JsonObject, Object>) AuthenticateRequest::fromJson,
            new JsonObject().put("location", "e").put("hashes", List.of(H1, 5)), "'hashes[1]'"),
        Arguments.of((Function<JsonObject, Object>) StatusRecord::fromJson,
            new JsonObject().put("kind", "visit").put("id", "v").put("seq", 0).put("status", "INIT"), "'seq'"),
        Arguments.of((Function<JsonObject, Object>) StatusRecord::fromJson,
            new JsonObject().put("kind", "visit").put("id", "v").put("seq", 1).put("status", "LOST"), "'status'"),
        Arguments.of((Function<JsonObject, Object>) StatusRecord::fromJson,
            new JsonObject().put("kind", "trip").put("id", "v").put("seq", 1).put("status", "INIT"), "'kind'"),
        Arguments.of((Function<JsonObject, Object>) Admit::fromJson,
            new JsonObject().put("visitId", "v").put("eventId", 1), "'personId' and 'guestName'"),
        Arguments.of((Function<JsonObject, Object>) Admit::fromJson,
            new JsonObject().put("visitId", "v").put("eventId", "seven").put("personId", 1), "'eventId'"),
        Arguments.of((Function<JsonObject, Object>) GuideHop::fromJson,
            GuideHop.start("j", "r", List.of("a"), 10, T).toJson().put("position", 3), "'position'"),
        Arguments.of((Function<JsonObject, Object>) GuideHop::fromJson,
            GuideHop.start("j", "r", List.of("a"), 10, T).toJson().put("v", 2), "'v'"),
        Arguments.of((Function<JsonObject, Object>) Present::fromJson,
            new JsonObject().put("eventId", 1).put("roomLocation", "r"), "'journeyId'"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedBodiesAreRejectedWithTheFieldNamed(Function<JsonObject, Object> decoder, JsonObject body,
      String field) {
    assertThatThrownBy(() -> decoder.apply(body))
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining(field);
  }

  @Test
  void statusWireFormsAreTheSeedsStatuses() {
    assertThat(Stream.of(Status.values()).map(Status::wire)).containsExactly("INIT", "DETECTED", "SCANNED",
        "NOT SCANNED", "AUTHENTICATED", "NOT AUTHENTICATED", "GUIDED", "NOT GUIDED", "PRESENTED", "NOT PRESENTED");
    assertThat(Status.fromWire("NOT SCANNED")).isEqualTo(Status.NOT_SCANNED);
    assertThat(Status.NOT_PRESENTED.failure()).isTrue();
  }

  @Test
  void tagIdsAreNormalisedBeforeHashing() {
    TagHash hash = new TagHash("0123456789abcdef-key");
    assertThat(hash.hash("AA-BB-CC-DD-EE-FF")).isEqualTo(hash.hash("aa:bb:cc:dd:ee:ff")).matches("[0-9a-f]{64}");
    assertThat(hash.hash("E2C56DB5DFFB48D2B060D0F5A71096E0/0001/2"))
        .isEqualTo(hash.hash("e2c56db5-dffb-48d2-b060-d0f5a71096e0/1/2"));
    assertThat(hash.hash("aa:bb:cc:dd:ee:ff")).isNotEqualTo(new TagHash("another-key-0123456").hash(
        "aa:bb:cc:dd:ee:ff"));
    assertThatThrownBy(() -> TagHash.normalise("bob's badge")).hasMessageContaining("BLE MAC");
  }

  @Test
  void errorCodesMapToHttpAndCoap() {
    assertThat(ErrorCode.BAD_REQUEST.coapCode()).isEqualTo(0x80);   // 4.00
    assertThat(ErrorCode.NOT_FOUND.coapCode()).isEqualTo(0x84);     // 4.04
    assertThat(ErrorCode.CONFLICT.coapCode()).isEqualTo(0x8C);      // 4.12
    assertThat(ErrorCode.TOO_LARGE.coapCode()).isEqualTo(0x8D);     // 4.13
    assertThat(ErrorCode.TOO_MANY_REQUESTS.coapCode()).isEqualTo(0x9D); // 4.29
    assertThat(ErrorCode.UNAVAILABLE.coapCode()).isEqualTo(0xA3);   // 5.03
    assertThat(ErrorCode.ofStatus(409)).isEqualTo(ErrorCode.CONFLICT);
  }
}
