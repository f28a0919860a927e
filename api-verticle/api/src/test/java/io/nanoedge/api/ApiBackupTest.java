package io.nanoedge.api;

import io.nanoedge.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.api.service.BackupService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.Status;
import io.nanoedge.bus.StatusRecord;
import io.nanoedge.testkit.Ports;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Addresses#API_BACKUP}: every table written to a new directory before the api role is undeployed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ApiBackupTest {
  /** Not valid UTF-8: the bytes must survive as bytes. */
  private static final byte[] DOCUMENT = {(byte) 0xff, 0x00, (byte) 0xfe, 'p', 'd', 'f'};
  @TempDir
  static Path backups;
  private static ApiFixture api;
  private static long documentId;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, TestDatabase.createDatabase(), Map.of("backup.dir",
        backups.resolve("main").toString()), true);
    // GIVEN data in every table: persons, a room with an entrance, a tag, an event with a participant and a
    // document, and a visit with a journey in the status log
    long alice = api.person("Alice").getLong("id");
    long bob = api.person("Bob").getLong("id");
    long room = api.room("Room R", "room-r-door", "entrance").getLong("id");
    api.create("tags", new JsonObject().put("tagId", "11:22:33:44:55:66").put("personId", bob));
    long event = api.create("events", new JsonObject().put("title", "Planning").put("roomId", room)
        .put("start", "2030-07-01T10:00:00Z").put("end", "2030-07-01T11:00:00Z").put("hostId", alice)
        .put("participantIds", new JsonArray().add(bob))).getLong("id");
    documentId = api.web.post("/api/events/" + event + "/documents?name=slides.pdf")
        .bearerTokenAuthentication(ApiFixture.TOKEN).putHeader("Content-Type", "application/pdf")
        .sendBuffer(Buffer.buffer(DOCUMENT)).await().bodyAsJsonObject().getLong("id");
    Instant t = Instant.parse("2030-07-01T09:50:00Z");
    append(new StatusRecord(StatusRecord.Kind.VISIT, "v-1", null, 1, Status.INIT, t, null,
        new JsonObject().put("location", "entrance")));
    append(new StatusRecord(StatusRecord.Kind.JOURNEY, "v-1-j1", "v-1", 1, Status.NOT_GUIDED, t.plusMillis(5),
        "led-2 did not answer", new JsonObject().put("personId", bob)));
  }

  private static void append(StatusRecord record) {
    Bus.requestJson(api.vertx.eventBus(), Addresses.STATUS_APPEND.address(), record.toJson()).await();
  }

  @AfterAll
  static void stop() {
    api.stop();
    TestDatabase.dropDatabase(api.dbUrl);
  }

  private static JsonObject backup(ApiFixture target, JsonObject request) {
    return Bus.requestJson(target.vertx.eventBus(), Addresses.API_BACKUP.address(), request,
        java.time.Duration.ofSeconds(20))
        .await();
  }

  private static JsonArray file(Path dir, String table) throws IOException {
    return new JsonArray(Files.readString(dir.resolve(table + ".json")));
  }

  private static long entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.count();
    }
  }

  @Test
  void everyTableIsWrittenToANewDirectoryWithItsRowCount() throws IOException {
    // WHEN the shell asks for a backup before undeploying api
    JsonObject reply = backup(api, new JsonObject().put("reason", "service undeploy api on node n1"));
    // THEN a new directory under backup.dir holds one JSON array per table, as many rows as the table
    Path dir = Path.of(reply.getString("dir"));
    assertThat(dir.getParent()).isEqualTo(backups.resolve("main").toAbsolutePath());
    assertThat(dir.getFileName().toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ-[0-9a-f]{8}");
    JsonObject tables = reply.getJsonObject("tables");
    assertThat(tables.fieldNames()).containsExactlyInAnyOrderElementsOf(BackupService.TABLES);
    for (String table : BackupService.TABLES) {
      long rows = api.count(table);
      assertThat(tables.getLong(table)).as(table).isEqualTo(rows);
      assertThat(file(dir, table)).as(table).hasSize((int) rows);
    }
    assertThat(tables.getLong("persons")).isEqualTo(2);
    assertThat(tables.getLong("status_log")).isEqualTo(2);
    // AND backup.json records when, why and how many
    JsonObject manifest = new JsonObject(Files.readString(dir.resolve("backup.json")));
    assertThat(manifest.getString("reason")).isEqualTo("service undeploy api on node n1");
    assertThat(manifest.getJsonObject("tables")).isEqualTo(tables);
    // AND it says that it holds personal data the API forgets after retention.days, and a copy does not
    JsonObject personal = manifest.getJsonObject("personalData");
    assertThat(personal.getLong("retentionDays")).isEqualTo(90);
    assertThat(personal.getString("note")).contains("this backup is not swept");
  }

  @Test
  void rowsKeepTheirValuesDocumentBytesAndTimes() throws IOException {
    Path dir = Path.of(backup(api, new JsonObject()).getString("dir"));
    // document bytes in base64, byte for byte
    JsonObject document = file(dir, "event_documents").getJsonObject(0);
    assertThat(document.getLong("id")).isEqualTo(documentId);
    assertThat(Base64.getDecoder().decode(document.getString("data"))).isEqualTo(DOCUMENT);
    assertThat(document.getString("media_type")).isEqualTo("application/pdf");
    // times as ISO-8601 UTC, text columns as text
    JsonObject event = file(dir, "events").getJsonObject(0);
    assertThat(event.getString("starts_at")).isEqualTo("2030-07-01T10:00:00Z");
    assertThat(new JsonArray(file(dir, "rooms").getJsonObject(0).getString("led_path")))
        .isEqualTo(new JsonArray().add("led-1").add("led-2"));
    JsonObject journeyLine = file(dir, "status_log").stream().map(JsonObject.class::cast)
        .filter(l -> "journey".equals(l.getString("kind"))).findFirst().orElseThrow();
    assertThat(journeyLine.getString("reason")).isEqualTo("led-2 did not answer");
    assertThat(new JsonObject(journeyLine.getString("data")).getLong("personId")).isNotNull();
    assertThat(file(dir, "persons").stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactlyInAnyOrder("Alice", "Bob");
  }

  @Test
  void eachBackupGetsItsOwnDirectory() {
    String first = backup(api, new JsonObject()).getString("dir");
    String second = backup(api, new JsonObject()).getString("dir");
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void badRequestIs400() {
    assertThatThrownBy(() -> backup(api, new JsonObject().put("why", "x")))
        .isInstanceOfSatisfying(NanoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).contains("'why'");
        });
  }

  @Test
  void unwritableBackupDirIs500AndLeavesNothing() throws IOException {
    // GIVEN an API (on a Vert.x of its own, so only it answers) whose backup.dir lies under a regular file
    Vertx vertx = Vertx.vertx();
    Path blocker = Files.writeString(backups.resolve("blocker"), "not a directory");
    ApiFixture other = ApiFixture.start(vertx, api.dbUrl, Map.of("backup.dir", blocker.resolve("sub").toString()),
        true);
    try {
      // WHEN a backup is asked for, THEN it fails as an internal error and the file is untouched
      assertThatThrownBy(() -> backup(other, new JsonObject()))
          .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
      assertThat(Files.readString(blocker)).isEqualTo("not a directory");
    } finally {
      other.stop();
      vertx.close().await();
    }
  }

  @Test
  void zeroDatesStoredByAnOlderVersionAreBackedUpAsNullAndCounted() throws IOException {
    // GIVEN a database where an older version stored an out-of-range time as a zero date (the server's lax mode)
    Vertx vertx = Vertx.vertx();
    String url = TestDatabase.createDatabase();
    ApiFixture other = ApiFixture.start(vertx, url, Map.of("backup.dir", backups.resolve("zero").toString()), true);
    try {
      TestDatabase.query(url, "SET STATEMENT sql_mode='' FOR INSERT INTO visits (id, status, last_seq, location, "
          + "created_at, updated_at) VALUES ('v-zero', 'INIT', 1, 'entrance', '0000-00-00 00:00:00', "
          + "'0000-00-00 00:00:00')");
      TestDatabase.query(url, "SET STATEMENT sql_mode='' FOR INSERT INTO status_log (kind, subject_id, visit_id, seq, "
          + "status, at, reason, data) VALUES ('visit', 'v-zero', 'v-zero', 1, 'INIT', '0000-00-00 00:00:00', '', "
          + "'{}')");
      // WHEN a backup is taken
      Path dir = Path.of(backup(other, new JsonObject().put("reason", "test")).getString("dir"));
      // THEN it is complete: the zero dates are null in the rows and counted per column in backup.json
      JsonObject visit = file(dir, "visits").getJsonObject(0);
      assertThat(visit.getString("id")).isEqualTo("v-zero");
      assertThat(visit.containsKey("created_at")).isTrue();
      assertThat(visit.getValue("created_at")).isNull();
      assertThat(file(dir, "status_log").getJsonObject(0).getValue("at")).isNull();
      JsonObject manifest = new JsonObject(Files.readString(dir.resolve("backup.json")));
      assertThat(manifest.getJsonObject("zeroDates")).isEqualTo(new JsonObject().put("visits.created_at", 1)
          .put("visits.updated_at", 1).put("status_log.at", 1));
    } finally {
      other.stop();
      vertx.close().await();
      TestDatabase.dropDatabase(url);
    }
  }

  @Test
  void databaseDownIs503AndWritesNothing() throws IOException {
    // GIVEN an API (on a Vert.x of its own) reaching its database through a proxy, which then goes away
    Vertx vertx = Vertx.vertx();
    String direct = TestDatabase.createDatabase();
    int proxyPort = Ports.freeTcp();
    TcpProxy proxy = TcpProxy.toDatabase(vertx, proxyPort, direct);
    proxy.open();
    Path dir = backups.resolve("outage");
    ApiFixture other = ApiFixture.start(vertx, TcpProxy.via(direct, proxyPort), Map.of("backup.dir",
        dir.toString()), true);
    try {
      proxy.close();
      // WHEN a backup is asked for, THEN it fails with 503 and no directory was made
      assertThatThrownBy(() -> backup(other, new JsonObject()))
          .isInstanceOfSatisfying(NanoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
      assertThat(entries(dir)).isZero();
    } finally {
      other.stop();
      proxy.close();
      vertx.close().await();
      TestDatabase.dropDatabase(direct);
    }
  }
}
