package io.nanoedge.it.scenario;

import static io.nanoedge.it.scenario.Building.CORRIDOR;
import static io.nanoedge.it.scenario.Building.ENTRANCE;
import static io.nanoedge.it.scenario.Building.ROOM;
import static io.nanoedge.it.scenario.Building.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nanoedge.config.Role;
import io.nanoedge.testkit.Tools;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host console end to end in headless Chromium (Debian's chromium, npm playwright-core installed into target/ on
 * first run) against the real API on MariaDB, the controller and the simulated devices of one building: a wrong
 * password refused then throttled; Alice books from a template through the calendar and uploads a document; Bob's
 * visit plays and its statuses arrive live on her board; she admits David, the guest she expected; Carol, another
 * host, can neither see nor change Alice's meeting (UI and direct API calls); the administrator registers a tag by
 * typing its id and sees it by label. Screenshots of each screen go to docs/console/. Skipped, saying why, without
 * Chromium or npm.
 */
@ExtendWith(VertxExtension.class)
class ConsoleBrowserE2ETest {
  private static final Path WORK = Path.of("target", "console-browser");
  private static final Path DOCS = Path.of("..", "docs", "console");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String BOB_TAG = "AA:BB:CC:00:00:01";
  private static final List<String> SCREENS = List.of("signin", "calendar", "booking", "board", "admit", "people",
      "admin");

  @Test
  @Timeout(value = 300, timeUnit = TimeUnit.SECONDS)
  void aHostBooksWatchesTheBoardAndAdmitsAVisitorWhileAnotherHostSeesNothingOfIt(Vertx vertx) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install -y chromium): skipped");
    assumeTrue(Tools.playwrightInstalled(WORK, "package.json", "console-e2e.mjs"),
        "npm could not install playwright-core into " + WORK + ": skipped");

    // GIVEN one building: API (participants recognised from a day ahead, so any slot the calendar offers works),
    // the controller (a pending visit waits a minute for its host), the entrance, the corridor and Room R
    Building building = new Building(vertx);
    try {
      building.deploy(Role.API, Map.of("api.auth-lead-minutes", "1440", "console.bcrypt-cost", "4",
              "console.signin-account-failures", "3"))
          .deploy(Role.CONTROLLER, Map.of("admit.expiry-ms", "60000"))
          .deploy(Role.PRESENCE, Map.of("presence.location", ENTRANCE, "presence.coap-port", udp()))
          .deploy(Role.BLE, Map.of("ble.location", ENTRANCE))
          .deploy(Role.ROOM, Map.of("room.location", ROOM, "room.name", "Room R", "room.coap-port", udp()));
      for (String led : CORRIDOR) {
        building.deploy(Role.LED, Map.of("led.node", led));
      }
      building.awaitReady();
      long alice = building.create("/api/persons", new JsonObject().put("name", "Alice"));
      long bob = building.create("/api/persons", new JsonObject().put("name", "Bob"));
      long carl = building.create("/api/persons", new JsonObject().put("name", "Carl"));
      long carol = building.create("/api/persons", new JsonObject().put("name", "Carol"));
      long eve = building.create("/api/persons", new JsonObject().put("name", "Eve"));
      building.create("/api/tags", new JsonObject().put("tagId", BOB_TAG).put("personId", bob).put("label", "badge"));
      building.create("/api/rooms", new JsonObject().put("name", "Room R").put("location", ROOM).put("capacity", 8)
          .put("entrances", new JsonArray().add(ENTRANCE)).put("ledPath", new JsonArray(CORRIDOR)));
      JsonObject template = new JsonObject().put("name", "Meeting with documents").put("title", "Budget review")
          .put("durationMinutes", 60).put("leadMinutes", 10).put("documents", new JsonArray().add("agenda.md"))
          .put("guestsAllowed", true);
      building.create("/api/templates", template);
      account(building, "alice", "alice-password-1", "host", alice);
      account(building, "carol", "carol-password-1", "host", carol);
      account(building, "eve", "eve-password-1", "host", eve);
      account(building, "root", "root-password-1", "admin", null);

      Process browser = new ProcessBuilder("node", "console-e2e.mjs", building.api,
          WORK.toAbsolutePath().toString()).directory(WORK.toFile()).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter in = new PrintWriter(browser.getOutputStream(), true, StandardCharsets.UTF_8);
      try {
        // THEN three wrong passwords are refused and the fourth try is throttled, the right password included
        JsonArray refusals = step(out, in, building, "throttled").getJsonArray("refusals");
        assertThat(refusals.getString(0)).isEqualTo("wrong username or password");
        assertThat(refusals.getString(2)).isEqualTo("wrong username or password");
        assertThat(refusals.getString(3)).startsWith("too many failed sign-ins");

        // WHEN Alice books from the template in a free slot of the calendar, with Bob, the agenda and David
        JsonObject booked = step(out, in, building, "booked");
        assertThat(booked.getString("title")).isEqualTo("Budget review");
        assertThat(booked.getString("minutes")).isEqualTo("60");
        assertThat(booked.getString("titleError")).contains("'title'").contains("200");
        // THEN the meeting is stored as hers, for an hour, with Bob, the document and the expected guest
        String event = building.column("SELECT CAST(id AS CHAR) FROM events WHERE host_id = " + alice).get(0);
        assertThat(building.column("SELECT CAST(TIMESTAMPDIFF(MINUTE, starts_at, ends_at) AS CHAR) FROM events "
            + "WHERE id = " + event)).containsExactly("60");
        assertThat(building.column("SELECT CAST(person_id AS CHAR) FROM event_participants WHERE event_id = "
            + event)).containsExactly(String.valueOf(bob));
        assertThat(building.column("SELECT CONCAT(name, ' ', media_type, ' ', CAST(data AS CHAR)) FROM "
            + "event_documents WHERE event_id = " + event))
            .containsExactly("agenda.md text/markdown # Budget review\n");
        assertThat(building.column("SELECT name FROM event_guests WHERE event_id = " + event))
            .containsExactly("David");

        // AND Bob's visit arrives on her board as it happens, through to PRESENTED, with no reload
        JsonObject board = step(out, in, building, "board");
        assertThat(board.getBoolean("notReloaded")).isTrue();
        assertThat(board.getString("bobCard")).contains("Bob").contains("GUIDED");
        // AND she admits David, whose visit waited at the entrance, as the guest she expected
        assertThat(step(out, in, building, "admitted").getBoolean("notReloaded")).isTrue();
        assertThat(building.column("SELECT reason FROM status_log WHERE kind = 'VISIT' AND status = "
            + "'AUTHENTICATED' AND reason LIKE 'admitted by%'")).hasSize(1);
        assertThat(building.column("SELECT subject_id FROM status_log WHERE kind = 'JOURNEY' AND data LIKE "
            + "'%\"guestName\":\"David\"%'")).isNotEmpty();

        // AND Carol, another host, can neither read nor change Alice's meeting, in the UI or by hand
        String before = building.column("SELECT CONCAT_WS('|', title, room_id, starts_at, ends_at, host_id, state) "
            + "FROM events WHERE id = " + event).get(0);
        JsonObject isolated = step(out, in, building, "isolated");
        assertThat(isolated.getInteger("read")).isEqualTo(404);
        assertThat(isolated.getInteger("change")).isEqualTo(404);
        assertThat(isolated.getInteger("remove")).isEqualTo(404);
        assertThat(isolated.getInteger("docs")).isEqualTo(404);
        assertThat(isolated.getJsonArray("listed")).isEmpty();
        assertThat(isolated.getJsonArray("busyTitles").encode()).doesNotContain("Budget review");
        assertThat(building.column("SELECT CONCAT_WS('|', title, room_id, starts_at, ends_at, host_id, state) "
            + "FROM events WHERE id = " + event)).containsExactly(before);

        // AND the administrator registers Carl's spare tag by typing its id: it is listed by label only
        JsonObject admin = step(out, in, building, "admin");
        assertThat(admin.getBoolean("spare")).isTrue();
        assertThat(admin.getBoolean("rawIdShown")).isFalse();
        assertThat(building.column("SELECT label FROM tags WHERE person_id = " + carl)).containsExactly("spare badge");
        // AND no page broke the Content-Security-Policy
        assertThat(step(out, in, building, "console-errors").getJsonArray("errors")).isEmpty();
        step(out, in, building, "done");
      } finally {
        in.close();
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).isTrue();
        out.close();
      }
      assertThat(browser.exitValue()).isZero();
      Files.createDirectories(DOCS);
      for (String screen : SCREENS) {
        Path shot = WORK.resolve(screen + ".png");
        assertThat(shot).isNotEmptyFile();
        Files.copy(shot, DOCS.resolve(screen + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      building.drop();
    }
  }

  private static void account(Building building, String username, String password, String role, Long person)
      throws Exception {
    building.create("/api/accounts", new JsonObject().put("username", username).put("password", password)
        .put("role", role).put("personId", person));
  }

  /**
   * Reads the browser's output until step {@code name}, doing what it waits for on the way: "WAIT bob" (Bob walks in
   * with his badge and on to Room R's door), "WAIT david" (David, without a tag, at the entrance), "ASK alice-event"
   * (answered with the id of Alice's meeting). Fails with everything read when the browser fails or ends first.
   */
  private static JsonObject step(BufferedReader out, PrintWriter in, Building building, String name)
      throws Exception {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("STEP " + name + " ")) {
        return new JsonObject(line.substring(("STEP " + name + " ").length()));
      } else if (line.equals("WAIT bob")) {
        building.simulateTag(ENTRANCE, BOB_TAG);
        building.simulateMotion(ENTRANCE);
        String visit = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "AUTHENTICATED"));
        building.awaitNoTagsAt(ENTRANCE);
        building.simulateTag(ROOM, BOB_TAG);
        building.simulateMotion(ROOM);
        String bob = building.column("SELECT CAST(id AS CHAR) FROM persons WHERE name = 'Bob'").get(0);
        building.awaitStatuses(visit + "-" + bob, List.of("AUTHENTICATED", "GUIDED", "PRESENTED"));
        in.println("GO");
      } else if (line.equals("WAIT david")) {
        building.awaitNoTagsAt(ROOM);
        building.simulateMotion(ENTRANCE);
        in.println("GO");
      } else if (line.equals("ASK alice-event")) {
        in.println(building.column("SELECT CAST(e.id AS CHAR) FROM events e JOIN persons p ON p.id = e.host_id "
            + "WHERE p.name = 'Alice'").get(0));
      } else if (line.startsWith("FAIL ")) {
        break;
      }
    }
    throw new AssertionError("the browser did not reach step '" + name + "':\n" + seen);
  }
}
