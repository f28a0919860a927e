package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.api.db.Database;
import io.nanoedge.api.service.RetentionService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.config.DbUrl;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Personal data is not kept for ever: the retention sweep deletes old visits with their journeys and status lines,
 * and deleting a person deletes their journeys and tags at once. Real MariaDB; records stored the way the
 * controller stores them (the status-append command).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RetentionTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private ApiFixture api;
  private Database db;

  @BeforeEach
  void start(Vertx vertx) {
    api = ApiFixture.start(vertx, Map.of());
    db = new Database(vertx, DbUrl.parse(api.dbUrl), 1, Duration.ofSeconds(2), Duration.ofMillis(200));
    db.start();
    Eventually.until("the test's pool is ready", db::ready, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    db.close().await();
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  /** A visit with its INIT line at {@code at} and, when {@code personId} is given, a journey of that person. */
  private void visit(String id, Instant at, Long personId) {
    append(new StatusRecord(StatusRecord.Kind.VISIT, id, null, 1, Status.INIT, at, null,
        new JsonObject().put("location", "entrance")));
    if (personId != null) {
      append(new StatusRecord(StatusRecord.Kind.JOURNEY, id + "-" + personId, id, 1, Status.AUTHENTICATED,
          at.plusSeconds(3), null, new JsonObject().put("personId", personId).put("personName", "someone")));
    }
  }

  private void append(StatusRecord record) {
    Bus.requestJson(api.vertx.eventBus(), Addresses.STATUS_APPEND.address(), record.toJson()).await();
  }

  private List<String> subjects() {
    List<String> ids = new ArrayList<>();
    TestDatabase.query(api.dbUrl, "SELECT DISTINCT subject_id FROM status_log ORDER BY subject_id")
        .forEach(row -> ids.add(row.getString(0)));
    return ids;
  }

  @Test
  void theSweepDeletesVisitsOlderThanTheRetentionWithTheirJourneysAndLines() {
    // GIVEN a visit of 91 days ago with a journey, one of 89 days ago, a zero-dated one an older version stored,
    // and a status line of 100 days ago whose visit row is gone
    long bob = api.person("Bob").getLong("id");
    visit("v-old", NOW.minus(91, ChronoUnit.DAYS), bob);
    visit("v-recent", NOW.minus(89, ChronoUnit.DAYS), bob);
    TestDatabase.query(api.dbUrl, "SET STATEMENT sql_mode='' FOR INSERT INTO visits (id, status, last_seq, "
        + "created_at, updated_at) VALUES ('v-zero', 'INIT', 1, '0000-00-00', '0000-00-00')");
    visit("v-orphan", NOW.minus(100, ChronoUnit.DAYS), null);
    TestDatabase.query(api.dbUrl, "DELETE FROM visits WHERE id = 'v-orphan'");
    // WHEN the sweep runs with a retention of 90 days
    JsonObject deleted = new RetentionService(db, Duration.ofDays(90)).sweep(NOW).await();
    // THEN only the recent visit is left, whole, and the sweep says what it deleted
    assertThat(subjects()).containsExactly("v-recent", "v-recent-" + bob);
    assertThat(api.count("visits")).isEqualTo(1);
    assertThat(api.count("journeys")).isEqualTo(1);
    assertThat(deleted).isEqualTo(new JsonObject().put("status_log", 3).put("journeys", 1).put("visits", 2));
    // AND the recent one stays readable through the API
    assertThat(api.admin(HttpMethod.GET, "/api/visits/v-recent", null).statusCode()).isEqualTo(200);
  }

  @Test
  void deletingAPersonDeletesTheirJourneysTagsAndParticipationsOnly() {
    // GIVEN Bob and Carl, each with a tag, both on an event, each with a journey in one visit
    long bob = api.person("Bob").getLong("id");
    long carl = api.person("Carl").getLong("id");
    api.create("tags", new JsonObject().put("tagId", "AA:BB:CC:00:00:01").put("personId", bob));
    api.create("tags", new JsonObject().put("tagId", "AA:BB:CC:00:00:02").put("personId", carl));
    long room = api.room("Room R", "room-r", "entrance").getLong("id");
    api.create("events", new JsonObject().put("title", "Review").put("roomId", room)
        .put("start", "2030-01-01T10:00:00Z").put("end", "2030-01-01T11:00:00Z")
        .put("participantIds", new io.vertx.core.json.JsonArray().add(bob).add(carl)));
    visit("v1", NOW, bob);
    append(new StatusRecord(StatusRecord.Kind.JOURNEY, "v1-" + carl, "v1", 1, Status.AUTHENTICATED, NOW, null,
        new JsonObject().put("personId", carl)));
    // WHEN Bob is deleted
    assertThat(api.admin(HttpMethod.DELETE, "/api/persons/" + bob, null).statusCode()).isEqualTo(204);
    // THEN his journey and its lines, his tag and his participation are gone; Carl's and the visit stay
    assertThat(subjects()).containsExactly("v1", "v1-" + carl);
    assertThat(api.count("journeys")).isEqualTo(1);
    assertThat(api.count("tags")).isEqualTo(1);
    assertThat(api.count("event_participants")).isEqualTo(1);
    assertThat(api.count("persons")).isEqualTo(1);
  }

  @Test
  void aPersonWhoHostsAnEventIsNotDeletedAndKeepsEverything() {
    // GIVEN Alice hosts an event and has a journey
    long alice = api.person("Alice").getLong("id");
    long room = api.room("Room R", "room-r", "entrance").getLong("id");
    api.create("events", new JsonObject().put("title", "Review").put("roomId", room).put("hostId", alice)
        .put("start", "2030-01-01T10:00:00Z").put("end", "2030-01-01T11:00:00Z"));
    visit("v1", NOW, alice);
    // WHEN someone deletes her, THEN 409 and nothing of hers is deleted
    assertThat(api.admin(HttpMethod.DELETE, "/api/persons/" + alice, null).statusCode()).isEqualTo(409);
    assertThat(subjects()).containsExactly("v1", "v1-" + alice);
    assertThat(api.count("journeys")).isEqualTo(1);
  }
}
