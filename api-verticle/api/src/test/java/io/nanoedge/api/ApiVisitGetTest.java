package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Addresses#API_VISIT_GET}: the shell's {@code visit <id>}, one visit with its whole timeline. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ApiVisitGetTest {
  private static final Instant T = Instant.parse("2030-07-01T09:50:00Z");
  private static ApiFixture api;
  private static List<StatusRecord> appended;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    // GIVEN visit v-1 with a journey whose lines interleave with the visit's, appended out of order
    StatusRecord init = visit(1, Status.INIT, 0, null, new JsonObject().put("location", "entrance"));
    StatusRecord authenticated = visit(2, Status.AUTHENTICATED, 10, null, new JsonObject());
    StatusRecord guided = journey(1, Status.GUIDED, 20, null, new JsonObject().put("personId", 7).put("roomId", 3));
    StatusRecord notPresented = journey(2, Status.NOT_PRESENTED, 30, "display did not answer", new JsonObject());
    StatusRecord done = visit(3, Status.PRESENTED, 40, null, new JsonObject());
    appended = List.of(init, authenticated, guided, notPresented, done);
    for (StatusRecord r : List.of(done, guided, init, notPresented, authenticated)) {
      Bus.requestJson(vertx.eventBus(), Addresses.STATUS_APPEND.address(), r.toJson()).await();
    }
  }

  private static StatusRecord visit(int seq, Status status, long ms, String reason, JsonObject data) {
    return new StatusRecord(StatusRecord.Kind.VISIT, "v-1", null, seq, status, T.plusMillis(ms), reason, data);
  }

  private static StatusRecord journey(int seq, Status status, long ms, String reason, JsonObject data) {
    return new StatusRecord(StatusRecord.Kind.JOURNEY, "v-1-j1", "v-1", seq, status, T.plusMillis(ms), reason, data);
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static JsonObject get(JsonObject request) {
    return Bus.requestJson(api.vertx.eventBus(), Addresses.API_VISIT_GET.address(), request).await();
  }

  @Test
  void visitComesWithItsAttributesAndOneTimelineInTimeOrder() {
    // WHEN the shell asks for v-1
    JsonObject reply = get(new JsonObject().put("visitId", "v-1"));
    // THEN the visit's attributes are there (no empty ones) with its journey's id
    JsonObject visit = reply.getJsonObject("visit");
    assertThat(visit.getString("id")).isEqualTo("v-1");
    assertThat(visit.getString("status")).isEqualTo("PRESENTED");
    assertThat(visit.getString("location")).isEqualTo("entrance");
    assertThat(visit.getJsonArray("journeys")).isEqualTo(new JsonArray().add("v-1-j1"));
    assertThat(visit.fieldNames()).doesNotContain("personId", "guestName", "timeline");
    // AND the visit's and the journey's lines come together as status records, ordered by time
    JsonArray timeline = reply.getJsonArray("timeline");
    assertThat(timeline).hasSize(5);
    for (int i = 0; i < appended.size(); i++) {
      assertThat(StatusRecord.fromJson(timeline.getJsonObject(i))).isEqualTo(appended.get(i));
    }
    assertThat(timeline.getJsonObject(3).getString("reason")).isEqualTo("display did not answer");
    assertThat(timeline.getJsonObject(0).containsKey("reason")).isFalse();
  }

  @Test
  void unknownVisitIs404() {
    assertThatThrownBy(() -> get(new JsonObject().put("visitId", "v-99")))
        .isInstanceOfSatisfying(NanoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("no visit v-99");
        });
  }

  @Test
  void badRequestIs400NamingTheField() {
    assertThatThrownBy(() -> get(new JsonObject().put("id", "v-1")))
        .isInstanceOfSatisfying(NanoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).contains("'id'");
        });
    assertThatThrownBy(() -> get(new JsonObject().put("visitId", "v".repeat(65))))
        .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.getMessage()).contains("visitId"));
  }
}
